package dev.cohort.grpc.server;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * A clock whose instants are truncated to whole microseconds. {@code Clock.tick(base, 1 µs)} does the same for
 * {@link #instant()}, but in Java 17 its {@link #millis()} divides by the tick in whole milliseconds, which is zero
 * for a sub-millisecond tick, and throws.
 */
final class MicrosecondClock extends Clock {

    private final Clock base;

    MicrosecondClock(Clock base) {
        this.base = base;
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MicrosecondClock(base.withZone(zone));
    }

    @Override
    public Instant instant() {
        return base.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public long millis() {
        return base.millis();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MicrosecondClock clock && clock.base.equals(base);
    }

    @Override
    public int hashCode() {
        return base.hashCode() ^ 0x6d6963;
    }

    @Override
    public String toString() {
        return "MicrosecondClock[" + base + "]";
    }
}
