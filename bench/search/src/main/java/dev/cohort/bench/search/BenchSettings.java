package dev.cohort.bench.search;

import dev.cohort.bench.support.BenchArgs;

/**
 * What to run, from arguments {@code name=value} (or system properties {@code bench.<name>}).
 *
 * @param messages      messages loaded into the index before measuring (setup, not measured)
 * @param users         people in the corpus (members of conversations; callers are drawn from them)
 * @param conversations conversations the messages are spread over
 * @param clients       concurrent callers in every search pass
 * @param rate          messages per second published during the index lag passes
 * @param warmupSeconds warm-up of every kind of pass in turn before the first run, not measured; the kinds are
 *                      repeated until the JIT compiler is quiet (bench/support's {@code JitWarmup})
 * @param warmupMaxSeconds the longest warm-up, quiet compiler or not (a warning says so)
 * @param seconds       measured time of each pass
 * @param runs          runs in a row (median, min and max are printed)
 */
public record BenchSettings(int messages, int users, int conversations, int clients, int rate, int warmupSeconds,
                            int warmupMaxSeconds, int seconds, int runs) {

    /** Members of every conversation. */
    static final int MEMBERS_PER_CONVERSATION = 40;

    public static BenchSettings fromArgs(String... args) {
        BenchArgs values = BenchArgs.parse(args);
        BenchSettings settings = new BenchSettings(values.integer("messages", 1_000_000),
                values.integer("users", 10_000), values.integer("conversations", 2_000),
                values.integer("clients", 4), values.integer("rate", 1_000), values.integer("warmup", 5), values.integer("warmup-max", 180),
                values.integer("seconds", 10), values.integer("runs", 3));
        values.refuseUnknown();
        if (settings.users() < MEMBERS_PER_CONVERSATION) {
            throw new IllegalArgumentException("users must be at least " + MEMBERS_PER_CONVERSATION);
        }
        return settings;
    }
}
