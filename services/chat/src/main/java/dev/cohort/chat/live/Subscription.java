package dev.cohort.chat.live;

import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.ServerFrame;
import java.util.ArrayDeque;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream following one conversation. It receives the conversation's frames from its {@link ConversationFeed}
 * already in sequence order and passes on those after the last sequence this stream has: while its replay runs
 * they are held back (counted in the stream's budget), afterwards the replayed ones are skipped, so the client
 * gets every message exactly once, in order, whether it came from PostgreSQL or from the feed.
 */
final class Subscription {

    private static final Logger log = LoggerFactory.getLogger(Subscription.class);

    private final LiveStream stream;
    private final UUID conversationId;
    private final ConversationFeed feed;
    /**
     * Whether the stream's user may see the presence of this conversation's members (a member, or an admin; ADR
     * 0024): set when the subscription starts, then kept up by the conversation's MembersChanged frames.
     */
    private volatile boolean seesPresence;

    // Guarded by this.
    private long last;
    private boolean replaying;
    private boolean closed;
    private final ArrayDeque<SharedFrame> heldBack = new ArrayDeque<>();

    Subscription(LiveStream stream, UUID conversationId, ConversationFeed feed, boolean seesPresence) {
        this.stream = stream;
        this.conversationId = conversationId;
        this.feed = feed;
        this.seesPresence = seesPresence;
    }

    /** Whether presence frames of this conversation's members may go to this stream. */
    boolean seesPresence() {
        return seesPresence;
    }

    LiveStream stream() {
        return stream;
    }

    UUID conversationId() {
        return conversationId;
    }

    ConversationFeed feed() {
        return feed;
    }

    /** Called by the feed as it adds this subscription: frames after {@code position} are this stream's. */
    synchronized void begin(long position, boolean replay) {
        this.last = position;
        this.replaying = replay;
    }

    /** A frame of the conversation, in the feed's order (the same instance for every subscription of the feed). */
    synchronized void accept(SharedFrame frame) {
        if (closed) {
            return;
        }
        if (!replaying) {
            deliver(frame);
            return;
        }
        Message tombstone = LiveFrames.tombstoneOf(frame.frame());
        if (tombstone != null) {
            // The replay may already have queued the message with its text: take it out before it is written.
            redactHeldBack(tombstone);
            stream.writer().redactQueued(tombstone);
        }
        if (stream.writer().reserve()) {
            heldBack.add(frame);
        }
    }

    /**
     * Ends the replay, which delivered every message up to {@code replayedThrough}: passes on the held-back
     * frames after it and from now on delivers directly. Returns the sequence live frames continue after.
     */
    synchronized long goLive(long replayedThrough) {
        last = Math.max(last, replayedThrough);
        replaying = false;
        SharedFrame frame;
        while ((frame = heldBack.poll()) != null) {
            long sequence = LiveFrames.sequenceOf(frame.frame());
            if (sequence >= 0 && sequence <= last) {
                stream.writer().release(1);
                continue;
            }
            advance(sequence);
            stream.writer().offerReserved(frame);
            noticeMembership(frame.frame());
        }
        return last;
    }

    /** Stops delivering and gives back the budget of anything held back; idempotent. */
    synchronized void close() {
        closed = true;
        stream.writer().release(heldBack.size());
        heldBack.clear();
    }

    private void deliver(SharedFrame frame) {
        long sequence = LiveFrames.sequenceOf(frame.frame());
        if (sequence >= 0 && sequence <= last) {
            return;
        }
        advance(sequence);
        stream.writer().offer(frame);
        noticeMembership(frame.frame());
    }

    private void advance(long sequence) {
        if (sequence < 0) {
            return;
        }
        if (sequence != last + 1) {
            // The feed delivers without holes; if one shows up anyway the client sees it and lists what it missed.
            log.atWarn().addKeyValue("conversationId", conversationId).addKeyValue("expected", last + 1)
                    .addKeyValue("sequence", sequence).log("live subscription skipped sequences");
        }
        last = sequence;
    }

    private void redactHeldBack(Message tombstone) {
        ArrayDeque<SharedFrame> redacted = new ArrayDeque<>(heldBack.size());
        for (SharedFrame frame : heldBack) {
            redacted.add(frame.redacted(tombstone));
        }
        heldBack.clear();
        heldBack.addAll(redacted);
    }

    /**
     * The stream's user joined the conversation (they now see its members' presence) or left it (they no longer do,
     * unless an admin, and whether they may still follow it is checked anew).
     */
    private void noticeMembership(ServerFrame frame) {
        if (!frame.hasMembersChanged()) {
            return;
        }
        String user = stream.actor().userId().toString();
        if (frame.getMembersChanged().getAddedUserIdsList().contains(user)) {
            seesPresence = true;
        }
        if (frame.getMembersChanged().getRemovedUserIdsList().contains(user)) {
            seesPresence = stream.actor().admin();
            stream.removedFrom(this);
        }
    }
}
