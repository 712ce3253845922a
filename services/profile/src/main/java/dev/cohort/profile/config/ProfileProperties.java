package dev.cohort.profile.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.profile.*}.
 *
 * @param consumersEnabled whether to consume identity's registrations and the course, group and chat memberships
 *                         that make people classmates (off only in tests that do not run Kafka)
 */
@ConfigurationProperties("cohort.profile")
public record ProfileProperties(@DefaultValue("true") boolean consumersEnabled) {
}
