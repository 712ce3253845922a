package dev.cohort.search.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.search.*}.
 *
 * @param consumersEnabled whether to consume the events that feed the index (off only in tests without Kafka)
 * @param textLanguage     the PostgreSQL text search configuration of messages and courses (e.g. english)
 * @param recencyHalfLife  the age at which a message's score is weighed at three quarters of a new one's
 */
@ConfigurationProperties("cohort.search")
public record SearchProperties(@DefaultValue("true") boolean consumersEnabled,
                               @DefaultValue("english") String textLanguage,
                               @DefaultValue("30d") Duration recencyHalfLife) {
}
