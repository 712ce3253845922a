package dev.cohort.group.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.group.*}: where the course service is and how long group waits for it.
 *
 * @param courseTarget               gRPC target of the course service, e.g. {@code dns:///course:9103}
 * @param courseDeadline             the most one call to course may take (enrollment check, section lookup)
 * @param enrollmentConsumerEnabled  whether to consume course's enrollment changes (off only in tests that do not
 *                                   run Kafka)
 */
@ConfigurationProperties("cohort.group")
public record GroupProperties(
        @DefaultValue("dns:///localhost:9103") String courseTarget,
        @DefaultValue("2s") Duration courseDeadline,
        @DefaultValue("true") boolean enrollmentConsumerEnabled) {
}
