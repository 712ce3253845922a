package dev.cohort.search.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.search.*}.
 *
 * @param consumersEnabled whether to consume the events that feed the index (off only in tests without Kafka)
 * @param textLanguage     the PostgreSQL text search configuration of courses (e.g. english)
 * @param languages        the languages messages may be in, each a PostgreSQL text search configuration named like
 *                         the language; each message is indexed with the one detected in it, or {@code simple}
 *                         when it is too short to tell (ADR 0066)
 * @param recencyHalfLife  the age at which a message's score is weighed at three quarters of a new one's
 */
@ConfigurationProperties("cohort.search")
public record SearchProperties(@DefaultValue("true") boolean consumersEnabled,
                               @DefaultValue("english") String textLanguage,
                               @DefaultValue("english") List<String> languages,
                               @DefaultValue("30d") Duration recencyHalfLife) {
}
