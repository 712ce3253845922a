package dev.cohort.moderation.config;

import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.outbox.EventEnvelope;
import dev.cohort.events.outbox.Outbox;
import dev.cohort.grpc.client.ClientSettings;
import dev.cohort.grpc.client.CohortChannels;
import dev.cohort.moderation.api.ModerationGrpcService;
import dev.cohort.moderation.app.ActionLog;
import dev.cohort.moderation.app.Auditing;
import dev.cohort.moderation.app.Reporting;
import dev.cohort.moderation.app.Resolving;
import dev.cohort.moderation.app.SpamPolicies;
import dev.cohort.redis.SpamPolicy;
import dev.cohort.moderation.events.DomainEvents;
import dev.cohort.moderation.remote.GrpcAccountModeration;
import dev.cohort.moderation.remote.GrpcChatModeration;
import dev.cohort.moderation.app.Checkpointing;
import dev.cohort.moderation.store.AuditCheckpoints;
import dev.cohort.moderation.store.AuditLog;
import dev.cohort.objectstore.ObjectStore;
import dev.cohort.moderation.store.ChatFacts;
import dev.cohort.moderation.store.Reports;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.redis.FixedWindowLimit;
import io.grpc.ManagedChannel;
import java.time.Clock;
import java.util.Optional;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires moderation's parts together; everything is constructed explicitly, nothing is scanned. */
@Configuration(proxyBeanMethods = false)
@EnableKafka
public class ModerationConfiguration {

    @Bean
    AuditLog auditLog(NamedParameterJdbcTemplate jdbc, Clock clock) {
        return new AuditLog(jdbc, clock);
    }

    @Bean
    Auditing auditing(AuditLog log, PageTokenCodec pageTokens, TransactionTemplate transactions,
                      ObjectProvider<AuditCheckpoints> checkpoints) {
        return new Auditing(log, pageTokens, transactions, Optional.ofNullable(checkpoints.getIfAvailable()));
    }

    /** The audit log's checkpoints live in the object store; without one (no bucket set) there are none. */
    @Bean
    @ConditionalOnProperty(prefix = "cohort.object-store", name = "bucket") // as the store's own configuration
    AuditCheckpoints auditCheckpoints(ObjectStore store) {
        return new AuditCheckpoints(store);
    }

    @Bean
    @ConditionalOnProperty(prefix = "cohort.object-store", name = "bucket")
    Checkpointing checkpointing(AuditLog log, AuditCheckpoints checkpoints) {
        return new Checkpointing(log, checkpoints);
    }

    @Bean
    ChatFacts chatFacts(NamedParameterJdbcTemplate jdbc) {
        return new ChatFacts(jdbc.getJdbcTemplate());
    }

    @Bean
    Reports reports(NamedParameterJdbcTemplate jdbc) {
        return new Reports(jdbc);
    }

    @Bean
    ActionLog actionLog(Outbox outbox, Auditing auditing) {
        return new ActionLog(outbox, auditing);
    }

    @Bean
    Reporting reporting(ChatFacts chat, Reports reports, RedissonClient redis, ModerationProperties properties,
                        PageTokenCodec pageTokens, TransactionTemplate transactions, Clock clock) {
        FixedWindowLimit perMember = new FixedWindowLimit(redis, "moderation:reports", properties.reportsPerWindow(),
                properties.reportWindow(), clock);
        return new Reporting(chat, reports, perMember, pageTokens, transactions, clock);
    }

    /** The channels to chat and identity, with the platform's client conventions (retry on UNAVAILABLE, trace). */
    @Bean(destroyMethod = "shutdownNow")
    ManagedChannel chatChannel(ModerationProperties properties, ClientSettings settings) {
        return CohortChannels.forTarget(properties.chatTarget(), settings);
    }

    @Bean(destroyMethod = "shutdownNow")
    ManagedChannel identityChannel(ModerationProperties properties, ClientSettings settings) {
        return CohortChannels.forTarget(properties.identityTarget(), settings);
    }

    @Bean
    Resolving resolving(Reports reports, @Qualifier("chatChannel") ManagedChannel chatChannel,
                        @Qualifier("identityChannel") ManagedChannel identityChannel, ModerationProperties properties,
                        ActionLog actions, EventEnvelope envelope, TransactionTemplate transactions, Clock clock) {
        return new Resolving(reports, new GrpcChatModeration(chatChannel, properties.callDeadline()),
                new GrpcAccountModeration(identityChannel, properties.callDeadline()), actions, envelope,
                transactions, clock);
    }

    /** Publishes the configured spam policy at start unless an admin set one before. */
    @Bean(initMethod = "publishDefaults")
    SpamPolicies spamPolicies(RedissonClient redis, ModerationProperties properties, Auditing auditing,
                              TransactionTemplate transactions, Clock clock) {
        ModerationProperties.Spam spam = properties.spam();
        return new SpamPolicies(redis, new SpamPolicy(spam.maxIdenticalMessages(), spam.maxLinks(), spam.window()),
                auditing, transactions, clock);
    }

    @Bean
    ModerationGrpcService moderationGrpcService(Auditing auditing, Reporting reporting, Resolving resolving,
                                                SpamPolicies spamPolicies) {
        return new ModerationGrpcService(auditing, reporting, resolving, spamPolicies);
    }

    @Bean
    DomainEvents domainEvents(ProcessedEvents processed, Auditing auditing, ChatFacts chat) {
        return new DomainEvents(processed, auditing, chat);
    }
}
