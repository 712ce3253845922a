package dev.cohort.bench.search;

import dev.cohort.search.app.IndexLag;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads the service's own index lag timer ({@value IndexLag#METER}) run by run: the registry handed to the service
 * gives that timer fixed buckets (1 ms wide to 100 ms, 5 ms to 1 s, 50 ms to 10 s) that never expire during the
 * benchmark, so the counts taken before and after a pass tell that pass's distribution, to a bucket's width.
 */
final class LagHistogram {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    LagHistogram() {
        List<Double> bounds = new ArrayList<>();
        for (int ms = 1; ms <= 100; ms++) {
            bounds.add(ms * 1e6);
        }
        for (int ms = 105; ms <= 1_000; ms += 5) {
            bounds.add(ms * 1e6);
        }
        for (int ms = 1_050; ms <= 10_000; ms += 50) {
            bounds.add(ms * 1e6);
        }
        double[] slos = bounds.stream().mapToDouble(Double::doubleValue).toArray();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(IndexLag.METER)) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(slos)
                        .expiry(Duration.ofDays(1)).bufferLength(1).build().merge(config);
            }
        });
    }

    /** The registry the service records its metrics in. */
    SimpleMeterRegistry registry() {
        return registry;
    }

    /** How many values were at or under each bound so far, and how many in all. */
    record Counts(double[] bounds, double[] atOrUnder, long total) {

        /** The lags recorded since {@code before}: percentiles to a bucket's upper bound, in milliseconds. */
        Figures since(Counts before) {
            double[] counts = new double[bounds.length];
            for (int i = 0; i < bounds.length; i++) {
                counts[i] = atOrUnder[i] - before.atOrUnder[i];
            }
            return new Figures(bounds, counts, total - before.total);
        }
    }

    record Figures(double[] bounds, double[] atOrUnder, long count) {

        /** The upper bound of the bucket holding the {@code percentile} value; infinite past the last bucket. */
        double percentileMillis(double percentile) {
            double rank = Math.ceil(percentile / 100.0 * count);
            for (int i = 0; i < bounds.length; i++) {
                if (atOrUnder[i] >= rank) {
                    return bounds[i] / 1e6;
                }
            }
            return Double.POSITIVE_INFINITY;
        }
    }

    Counts counts() {
        Timer timer = registry.find(IndexLag.METER).tag("kind", "message").timer();
        if (timer == null) {
            throw new IllegalStateException("the service registered no " + IndexLag.METER + " timer");
        }
        var snapshot = timer.takeSnapshot();
        CountAtBucket[] buckets = snapshot.histogramCounts();
        double[] bounds = new double[buckets.length];
        double[] counts = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bounds[i] = buckets[i].bucket(TimeUnit.NANOSECONDS);
            counts[i] = buckets[i].count();
        }
        return new Counts(bounds, counts, snapshot.count());
    }
}
