package dev.cohort.devstack;

import com.google.protobuf.Timestamp;
import dev.cohort.chat.v1.ImportMessagesRequest;
import java.time.Duration;
import java.time.Instant;

/**
 * When the demo's messages were "written": a conversation's history starts two to four weeks ago and ends a little
 * while ago, its messages at uneven intervals (quiet days and busy hours), never going backwards, as ImportMessages
 * requires. Deterministic per conversation (from its seed), so a data folder always looks the same.
 */
final class DemoTimes {

    /** The oldest a history starts: 14 days ago plus up to 13 more. */
    private static final Duration MIN_AGE = Duration.ofDays(14);
    /** The newest message is at least this old, so that "now" stays for what people write themselves. */
    private static final Duration QUIET_SINCE = Duration.ofMinutes(20);

    private DemoTimes() {
    }

    /** Sets each message's {@code create_time}: spread between the history's start and end, in order. */
    static void spread(ImportMessagesRequest.Builder history, int seed, Instant now) {
        int count = history.getMessagesCount();
        Instant start = now.minus(MIN_AGE).minus(Duration.ofDays(seed % 14)).minus(Duration.ofMinutes(seed % 600));
        Instant end = now.minus(QUIET_SINCE).minus(Duration.ofMinutes(seed % 180));
        // Uneven gaps: weights 1..9, a reply (which follows its root closely) weighs a tenth of a message.
        double[] weights = new double[count];
        double total = 0;
        for (int i = 0; i < count; i++) {
            boolean reply = history.getMessages(i).hasReplyToIndex();
            weights[i] = i == 0 ? 0 : (1 + (seed / 7 + i * 13) % 9) * (reply ? 0.1 : 1.0);
            total += weights[i];
        }
        long spanMillis = Duration.between(start, end).toMillis();
        double elapsed = 0;
        for (int i = 0; i < count; i++) {
            elapsed += weights[i];
            Instant at = start.plusMillis(total == 0 ? 0 : Math.round(spanMillis * (elapsed / total)));
            history.getMessagesBuilder(i).setCreateTime(Timestamp.newBuilder().setSeconds(at.getEpochSecond())
                    .setNanos(at.getNano()));
        }
    }
}
