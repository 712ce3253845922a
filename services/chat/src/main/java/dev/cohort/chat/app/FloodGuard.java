package dev.cohort.chat.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.redis.SpamPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Slows floods by the policy moderation publishes (ADR 0058): the same text sent again and again, or links sent in
 * bulk, by one person within the policy's window. A send beyond a limit is RESOURCE_EXHAUSTED with RetryInfo (when
 * the window ends). Counted in this replica's memory in fixed windows, like the send rate (ADR 0015): the send path
 * never waits for Redis or moderation; the policy itself is read in the background ({@link #refresh}). Without a
 * published policy nothing is limited here. Ordinary conversation (different texts, a link now and then) stays far
 * below both limits.
 */
public class FloodGuard {

    /** What counts as a link: a web address or a bare domain with a path or www. */
    static final Pattern LINK = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");

    private final Supplier<Optional<SpamPolicy>> source;
    private final LongSupplier nanoTime;
    private volatile Optional<SpamPolicy> policy = Optional.empty();
    private final Cache<String, Window> identical;
    private final Cache<UUID, Window> links;

    /**
     * @param source   reads the published policy (Redis); called by {@link #refresh} only
     * @param nanoTime the clock of the windows
     */
    public FloodGuard(Supplier<Optional<SpamPolicy>> source, LongSupplier nanoTime) {
        this.source = source;
        this.nanoTime = nanoTime;
        // Bounded: counters of people who stopped sending go; a window never outlives an hour's policy.
        this.identical = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();
        this.links = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();
    }

    /** Reads the published policy again; a failure keeps the one read before (chat must not stop over it). */
    public void refresh() {
        try {
            policy = source.get();
        } catch (RuntimeException unreadable) {
            // Kept: the last policy read; the next refresh tries again.
        }
    }

    /** The policy in force in this replica (for tests and diagnostics). */
    public Optional<SpamPolicy> policy() {
        return policy;
    }

    /** Counts {@code text} by {@code author}; throws RESOURCE_EXHAUSTED when it goes beyond the policy. */
    public void check(UUID author, String text) {
        Optional<SpamPolicy> current = policy;
        if (current.isEmpty()) {
            return;
        }
        SpamPolicy rules = current.get();
        long now = nanoTime.getAsLong();
        long windowNanos = rules.window().toNanos();
        Window sameText = identical.asMap().compute(author + ":" + digest(text),
                (key, window) -> Window.count(window, now, windowNanos, 1));
        if (sameText.count() > rules.maxIdenticalMessages()) {
            throw slowed("REPEATED_MESSAGE", "the same message too many times; wait before sending it again",
                    sameText, now, windowNanos);
        }
        long found = LINK.matcher(text).results().count();
        if (found > 0) {
            Window linksSent = links.asMap().compute(author, (key, window) -> Window.count(window, now, windowNanos,
                    found));
            if (linksSent.count() > rules.maxLinks()) {
                throw slowed("TOO_MANY_LINKS", "too many links in a short time; wait before sending more",
                        linksSent, now, windowNanos);
            }
        }
    }

    private static ResourceExhaustedException slowed(String reason, String message, Window window, long now,
                                                     long windowNanos) {
        return new ResourceExhaustedException(reason, message,
                Duration.ofNanos(window.start() + windowNanos - now).plusMillis(1));
    }

    /** Case and spacing do not make a text different. */
    private static String digest(String text) {
        String normalised = text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
    }

    /** A fixed window: when it started and what was counted in it (refused sends count too). */
    private record Window(long start, long count) {
        static Window count(Window window, long now, long windowNanos, long add) {
            if (window == null || now - window.start >= windowNanos) {
                return new Window(now, add);
            }
            return new Window(window.start, window.count + add);
        }
    }
}
