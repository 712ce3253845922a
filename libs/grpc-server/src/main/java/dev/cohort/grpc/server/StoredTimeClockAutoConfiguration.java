package dev.cohort.grpc.server;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The one clock every service reads the time from: UTC, ticking in whole microseconds. PostgreSQL keeps
 * microseconds, so a time a service answers (or pages by) is exactly the time it stored; with nanoseconds a
 * freshly written row would read back different from what the write answered. A test or a service may declare
 * its own {@link Clock} bean instead.
 */
@AutoConfiguration
public class StoredTimeClockAutoConfiguration {

    /** The tick of {@link #clock()}: PostgreSQL's timestamp resolution. */
    public static final Duration TICK = Duration.ofNanos(1_000);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return new MicrosecondClock(Clock.systemUTC());
    }
}
