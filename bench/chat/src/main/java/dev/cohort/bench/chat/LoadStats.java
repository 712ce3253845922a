package dev.cohort.bench.chat;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one pass counts, from many threads: sends issued and acknowledged (persisted), MessageCreated frames
 * received over all subscribers (deliveries), errors by kind and status code, and the two latencies. Counters only
 * grow; a measurement window is the difference of two {@link #snapshot()}s.
 */
final class LoadStats {

    final LongAdder sent = new LongAdder();
    final LongAdder persisted = new LongAdder();
    final LongAdder deliveries = new LongAdder();
    final LatencyHistogram sendToReceive = new LatencyHistogram();
    final LatencyHistogram sendToAck = new LatencyHistogram();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** Counts one error of kind {@code what}; the first of each kind is shown on stderr with its detail. */
    void error(String what, String detail) {
        LongAdder count = errors.get(what);
        if (count == null) {
            LongAdder fresh = new LongAdder();
            count = errors.putIfAbsent(what, fresh);
            if (count == null) {
                count = fresh;
                System.err.println("  first error of its kind: " + what + (detail == null ? "" : " (" + detail + ")"));
            }
        }
        count.increment();
    }

    void error(String what) {
        error(what, null);
    }

    Snapshot snapshot() {
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((what, count) -> errorCounts.put(what, count.sum()));
        return new Snapshot(System.nanoTime(), sent.sum(), persisted.sum(), deliveries.sum(), errorCounts);
    }

    /** Starts a window: the counters as they are now, and empty latency histograms. */
    Snapshot beginWindow() {
        sendToReceive.reset();
        sendToAck.reset();
        return snapshot();
    }

    /** Ends the window begun at {@code start}: what happened since, per second. */
    Window endWindow(Snapshot start) {
        Snapshot end = snapshot();
        Map<String, Long> errorCounts = new TreeMap<>();
        end.errors().forEach((what, count) -> {
            long since = count - start.errors().getOrDefault(what, 0L);
            if (since > 0) {
                errorCounts.put(what, since);
            }
        });
        return new Window((end.nanos() - start.nanos()) / 1e9, end.sent() - start.sent(),
                end.persisted() - start.persisted(), end.deliveries() - start.deliveries(), errorCounts,
                sendToReceive.drain(), sendToAck.drain());
    }

    record Snapshot(long nanos, long sent, long persisted, long deliveries, Map<String, Long> errors) {
        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One measured window of a pass. */
    record Window(double seconds, long sent, long persisted, long deliveries, Map<String, Long> errors,
                  LatencyHistogram.Summary sendToReceive, LatencyHistogram.Summary sendToAck) {

        double sentPerSecond() {
            return sent / seconds;
        }

        double persistedPerSecond() {
            return persisted / seconds;
        }

        double deliveriesPerSecond() {
            return deliveries / seconds;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
