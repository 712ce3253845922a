package dev.cohort.chat.live;

import static dev.cohort.grpc.server.ProtoTimestamps.timestamp;

import dev.cohort.chat.api.ProtoMapping;
import dev.cohort.chat.app.LiveChange;
import dev.cohort.chat.app.MessageView;
import dev.cohort.chat.v1.Heartbeat;
import dev.cohort.chat.v1.MembersChanged;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.MessageCreated;
import dev.cohort.chat.v1.MessageDeleted;
import dev.cohort.chat.v1.MessageUpdated;
import dev.cohort.chat.v1.ReactionChanged;
import dev.cohort.chat.v1.ReadMarkerMoved;
import dev.cohort.chat.v1.Reconnect;
import dev.cohort.chat.v1.ReplayTruncated;
import dev.cohort.chat.v1.ServerFrame;
import java.time.Instant;
import java.util.UUID;

/** Building and reading the contract's {@link ServerFrame}s: the one place that knows which frame means what. */
final class LiveFrames {

    private LiveFrames() {
    }

    /** The frame every follower of the change's conversation gets. */
    static ServerFrame of(LiveChange change) {
        // Java 17: no pattern matching for switch yet; the sealed interface keeps this list complete.
        if (change instanceof LiveChange.MessagePosted posted) {
            return messageCreated(ProtoMapping.message(posted.message()));
        }
        if (change instanceof LiveChange.MessageUpdated updated) {
            return ServerFrame.newBuilder().setMessageUpdated(
                    MessageUpdated.newBuilder().setMessage(ProtoMapping.message(updated.message()))).build();
        }
        if (change instanceof LiveChange.MessageDeleted deleted) {
            return ServerFrame.newBuilder().setMessageDeleted(
                    MessageDeleted.newBuilder().setMessage(ProtoMapping.message(deleted.message()))).build();
        }
        if (change instanceof LiveChange.ReactionChanged reaction) {
            return ServerFrame.newBuilder().setReactionChanged(ReactionChanged.newBuilder()
                    .setConversationId(reaction.conversationId().toString())
                    .setMessageId(reaction.messageId().toString())
                    .setUserId(reaction.userId().toString())
                    .setEmoji(reaction.emoji())
                    .setAdded(reaction.added())).build();
        }
        if (change instanceof LiveChange.ReadMarkerMoved marker) {
            return ServerFrame.newBuilder().setReadMarkerMoved(ReadMarkerMoved.newBuilder()
                    .setConversationId(marker.conversationId().toString())
                    .setUserId(marker.userId().toString())
                    .setLastReadSequence(marker.lastReadSequence())).build();
        }
        if (change instanceof LiveChange.MembersChanged members) {
            return ServerFrame.newBuilder().setMembersChanged(MembersChanged.newBuilder()
                    .setConversationId(members.conversationId().toString())
                    .addAllAddedUserIds(members.added().stream().map(UUID::toString).toList())
                    .addAllRemovedUserIds(members.removed().stream().map(UUID::toString).toList())
                    .setArchived(members.archived())).build();
        }
        throw new IllegalArgumentException("unknown live change " + change.getClass().getName());
    }

    static ServerFrame messageCreated(MessageView view) {
        return messageCreated(ProtoMapping.message(view));
    }

    static ServerFrame messageCreated(Message message) {
        return ServerFrame.newBuilder().setMessageCreated(MessageCreated.newBuilder().setMessage(message)).build();
    }

    static ServerFrame heartbeat(Instant now) {
        return ServerFrame.newBuilder().setHeartbeat(Heartbeat.newBuilder().setTime(timestamp(now))).build();
    }

    static ServerFrame reconnect(String reason) {
        return ServerFrame.newBuilder().setReconnect(Reconnect.newBuilder().setReason(reason)).build();
    }

    static ServerFrame replayTruncated(UUID conversationId, long firstMissing, long last) {
        return ServerFrame.newBuilder().setReplayTruncated(ReplayTruncated.newBuilder()
                .setConversationId(conversationId.toString())
                .setFirstMissingSequence(firstMissing)
                .setLastSequence(last)).build();
    }

    /** Frames that are not worth a slow client's queue space or a held-back slot: a newer one supersedes them. */
    static boolean isEphemeral(ServerFrame frame) {
        return switch (frame.getFrameCase()) {
            case TYPING_CHANGED, PRESENCE_CHANGED, HEARTBEAT -> true;
            default -> false;
        };
    }

    /** The sequence of a MessageCreated frame; -1 for every other frame. */
    static long sequenceOf(ServerFrame frame) {
        return frame.hasMessageCreated() ? frame.getMessageCreated().getMessage().getSequence() : -1;
    }

    /** The message a created, updated or deleted frame carries; null for other frames. */
    static Message messageOf(ServerFrame frame) {
        return switch (frame.getFrameCase()) {
            case MESSAGE_CREATED -> frame.getMessageCreated().getMessage();
            case MESSAGE_UPDATED -> frame.getMessageUpdated().getMessage();
            case MESSAGE_DELETED -> frame.getMessageDeleted().getMessage();
            default -> null;
        };
    }

    /**
     * {@code frame} with the message's content replaced by {@code tombstone} when it carries that message with
     * content; {@code frame} itself otherwise. Frames still waiting when their message is deleted must not carry
     * its text to anyone.
     */
    static ServerFrame redacted(ServerFrame frame, Message tombstone) {
        Message message = messageOf(frame);
        if (message == null || message.getDeleted() || !message.getMessageId().equals(tombstone.getMessageId())) {
            return frame;
        }
        return switch (frame.getFrameCase()) {
            case MESSAGE_CREATED -> messageCreated(tombstone);
            case MESSAGE_UPDATED -> ServerFrame.newBuilder()
                    .setMessageUpdated(MessageUpdated.newBuilder().setMessage(tombstone)).build();
            default -> frame;
        };
    }

    /** The tombstone a MessageDeleted frame carries; null for other frames. */
    static Message tombstoneOf(ServerFrame frame) {
        return frame.hasMessageDeleted() ? frame.getMessageDeleted().getMessage() : null;
    }

    /** The user a typing frame is about; null for other frames. */
    static String typistOf(ServerFrame frame) {
        return frame.hasTypingChanged() ? frame.getTypingChanged().getUserId() : null;
    }

    /** The user whose presence the frame tells, or null. */
    static String presenceOf(ServerFrame frame) {
        return frame.hasPresenceChanged() ? frame.getPresenceChanged().getPresence().getUserId() : null;
    }
}
