package dev.cohort.search.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import dev.cohort.search.domain.Kind;

/**
 * Index lag: from the moment a change happened (the event's {@code occurred_at}, committed at its producer) to the
 * moment it is searchable here (this service's transaction committed). Timer {@value #METER}, tagged by the kind
 * of document, with percentiles for dashboards.
 */
public class IndexLag {

    public static final String METER = "search.index.lag";

    private final Map<Kind, Timer> timers = new EnumMap<>(Kind.class);
    private final Clock clock;

    public IndexLag(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        for (Kind kind : Kind.values()) {
            timers.put(kind, Timer.builder(METER).description("from an event's occurrence to it being searchable")
                    .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                    .publishPercentiles(0.5, 0.99).register(registry));
        }
    }

    /** Records a change of {@code kind} that happened at {@code occurredAt} and is searchable now. */
    public void searchable(Kind kind, Instant occurredAt) {
        Duration lag = Duration.between(occurredAt, clock.instant());
        timers.get(kind).record(lag.isNegative() ? Duration.ZERO : lag);
    }

    /** The timer of {@code kind} (for tests and diagnostics). */
    public Timer timer(Kind kind) {
        return timers.get(kind);
    }
}
