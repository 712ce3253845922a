package dev.cohort.moderation.config;

import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.moderation.api.ModerationGrpcService;
import dev.cohort.moderation.app.Auditing;
import dev.cohort.moderation.events.DomainEvents;
import dev.cohort.moderation.store.AuditLog;
import dev.cohort.paging.PageTokenCodec;
import java.time.Clock;
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
    Auditing auditing(AuditLog log, PageTokenCodec pageTokens, TransactionTemplate transactions) {
        return new Auditing(log, pageTokens, transactions);
    }

    @Bean
    ModerationGrpcService moderationGrpcService(Auditing auditing) {
        return new ModerationGrpcService(auditing);
    }

    @Bean
    DomainEvents domainEvents(ProcessedEvents processed, Auditing auditing) {
        return new DomainEvents(processed, auditing);
    }
}
