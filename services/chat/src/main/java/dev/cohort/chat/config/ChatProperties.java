package dev.cohort.chat.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.chat.*}: how posting is batched and limited (live delivery has its own, {@code cohort.chat.live}).
 *
 * @param writerLanes           writer threads; a conversation always uses the same one (commit order per lane).
 *                              One by default: a lane takes everything queued into its next transaction, so one
 *                              lane makes the largest batches and spends the least per message (on 2 cores, 1 lane
 *                              peaked at 5,900 sends/s and 2 lanes at 4,600, ADR 0015); more lanes only pay where
 *                              one connection's commit latency is the limit and cores are to spare
 * @param writerQueueCapacity   sends waiting per lane before new ones are refused (SERVER_BUSY)
 * @param writerMaxBatch        most messages committed in one transaction
 * @param sendsPerSecond        each user's sustained message rate (per replica)
 * @param sendBurst             how many messages a user may send at once before the rate applies
 * @param groupConsumerEnabled  whether to follow the group service's events (off only in tests without Kafka)
 * @param userConsumerEnabled   whether to follow identity's registrations (off only in tests without Kafka)
 * @param maxMembers            most members of one conversation (at least 8, a full direct); adds beyond it are
 *                              FAILED_PRECONDITION TOO_MANY_MEMBERS. Group conversations follow their group's
 *                              own size limit and are not capped here
 * @param profileConsumerEnabled whether to follow profile's privacy settings, follows and blocks (off only in tests
 *                              without Kafka)
 * @param blockCacheExpiry      how long a replica keeps a user's blocks in memory; a replica that did not apply a
 *                              block itself honours it within this time (ADR 0036)
 * @param spamPolicyRefresh     how often a replica reads moderation's spam policy from Redis (ADR 0058): a new
 *                              policy is enforced within this time
 */
@ConfigurationProperties("cohort.chat")
public record ChatProperties(
        @DefaultValue("1") int writerLanes,
        @DefaultValue("5000") int writerQueueCapacity,
        @DefaultValue("200") int writerMaxBatch,
        @DefaultValue("10") double sendsPerSecond,
        @DefaultValue("30") int sendBurst,
        @DefaultValue("true") boolean groupConsumerEnabled,
        @DefaultValue("true") boolean userConsumerEnabled,
        @DefaultValue("1000") int maxMembers,
        @DefaultValue("true") boolean profileConsumerEnabled,
        @DefaultValue("30s") java.time.Duration blockCacheExpiry,
        @DefaultValue("5s") java.time.Duration spamPolicyRefresh) {
}
