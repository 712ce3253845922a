package dev.cohort.moderation.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.moderation.*}.
 *
 * @param consumersEnabled whether to consume the domain events (off only in tests without Kafka)
 */
@ConfigurationProperties("cohort.moderation")
public record ModerationProperties(@DefaultValue("true") boolean consumersEnabled) {
}
