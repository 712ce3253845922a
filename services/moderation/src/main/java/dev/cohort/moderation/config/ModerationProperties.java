package dev.cohort.moderation.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.moderation.*}.
 *
 * @param consumersEnabled whether to consume the domain events (off only in tests without Kafka)
 * @param chatTarget       where chat is (messages are removed there)
 * @param identityTarget   where identity is (accounts are suspended there)
 * @param callDeadline     the most a call to chat or identity may take
 * @param reportsPerWindow how many reports one member may file per {@code reportWindow}
 * @param reportWindow     the window of that limit
 * @param spam             the spam policy published at the first start (admins change it with SetSpamPolicy)
 */
@ConfigurationProperties("cohort.moderation")
public record ModerationProperties(@DefaultValue("true") boolean consumersEnabled,
                                   @DefaultValue("dns:///localhost:9105") String chatTarget,
                                   @DefaultValue("dns:///localhost:9101") String identityTarget,
                                   @DefaultValue("5s") Duration callDeadline,
                                   @DefaultValue("10") int reportsPerWindow,
                                   @DefaultValue("1h") Duration reportWindow,
                                   @DefaultValue Spam spam) {

    /** The default spam policy: generous enough that no ordinary conversation comes near it. */
    public record Spam(@DefaultValue("5") int maxIdenticalMessages,
                       @DefaultValue("20") int maxLinks,
                       @DefaultValue("1m") Duration window) {
    }
}
