package dev.cohort.bench.chat;

/**
 * The text of a benchmark message: {@code t=<System.nanoTime() at send>;} padded with letters to the configured
 * length, so a receiver in this JVM reads the send time from the message itself. Probe messages (readiness checks
 * before a pass) start with {@code probe}.
 */
final class BenchText {

    static final long NOT_TIMED = Long.MIN_VALUE;
    private static final String PREFIX = "t=";
    private static final String PROBE = "probe";

    private BenchText() {
    }

    static String timed(long sentNanos, int length) {
        StringBuilder text = new StringBuilder(length).append(PREFIX).append(sentNanos).append(';');
        while (text.length() < length) {
            text.append((char) ('a' + text.length() % 26));
        }
        return text.toString();
    }

    static String probe(long n) {
        return PROBE + " " + n;
    }

    /** The send time a timed text carries; {@link #NOT_TIMED} for any other text. */
    static long sentNanos(String text) {
        if (!text.startsWith(PREFIX)) {
            return NOT_TIMED;
        }
        int end = text.indexOf(';', PREFIX.length());
        if (end < 0) {
            return NOT_TIMED;
        }
        try {
            return Long.parseLong(text, PREFIX.length(), end, 10);
        } catch (NumberFormatException notOurs) {
            return NOT_TIMED;
        }
    }

    static boolean isProbe(String text) {
        return text.startsWith(PROBE);
    }
}
