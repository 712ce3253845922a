package dev.cohort.notification.config;

import dev.cohort.auth.AccessTokenVerifier;
import dev.cohort.auth.RevocationSignal;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.grpc.server.StatusMapper;
import dev.cohort.mail.Mailer;
import dev.cohort.notification.api.NotificationGrpcService;
import dev.cohort.notification.app.EmailDispatch;
import dev.cohort.notification.app.Happenings;
import dev.cohort.notification.app.Inbox;
import dev.cohort.notification.app.MailTemplates;
import dev.cohort.notification.app.Notifier;
import dev.cohort.notification.app.Preferences;
import dev.cohort.notification.app.Presence;
import dev.cohort.notification.domain.UnsubscribeTokens;
import dev.cohort.notification.events.ChatMessages;
import dev.cohort.notification.events.Enrollments;
import dev.cohort.notification.events.Follows;
import dev.cohort.notification.events.ModerationOutcomes;
import dev.cohort.notification.events.GroupChanges;
import dev.cohort.notification.events.UserRegistrations;
import dev.cohort.notification.live.NotificationHub;
import dev.cohort.notification.store.NotificationStore;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.redis.ChatPresence;
import java.time.Clock;
import org.redisson.api.RedissonClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires notification's parts together; everything is constructed explicitly, nothing is scanned. */
@Configuration(proxyBeanMethods = false)
@EnableKafka
public class NotificationConfiguration {

    @Bean
    NotificationStore notificationStore(JdbcTemplate jdbc) {
        return new NotificationStore(jdbc);
    }

    @Bean
    UnsubscribeTokens unsubscribeTokens(NotificationProperties properties) {
        return new UnsubscribeTokens(properties.unsubscribeKeyBytes());
    }

    @Bean
    Preferences preferences(NotificationStore store, UnsubscribeTokens tokens, Clock clock) {
        return new Preferences(store, tokens, clock);
    }

    @Bean
    Inbox inbox(NotificationStore store, PageTokenCodec pageTokens, NotificationHub hub, Clock clock) {
        return new Inbox(store, pageTokens, hub, clock);
    }

    @Bean
    NotificationHub notificationHub(@org.springframework.context.annotation.Lazy Inbox inbox, RedissonClient redis,
                                    AccessTokenVerifier verifier, StatusMapper statusMapper,
                                    NotificationProperties properties) {
        return new NotificationHub(inbox, redis, new RevocationSignal(redis), verifier, statusMapper,
                new NotificationHub.LiveSettings(properties.maxStreamsPerUser(), properties.maxQueued(),
                        properties.maxReplay(), properties.maxStreamLifetime(), properties.revocationSweep(),
                        properties.heartbeat()));
    }

    @Bean
    Notifier notifier(NotificationStore store, Preferences preferences, NotificationHub hub,
                      NotificationProperties properties, Clock clock) {
        return new Notifier(store, preferences, hub, properties.digestWindow(), clock);
    }

    @Bean
    Presence chatPresence(RedissonClient redis, Clock clock) {
        ChatPresence presence = new ChatPresence(redis, clock);
        return presence::connected;
    }

    @Bean
    Happenings happenings(NotificationStore store, Notifier notifier, Presence presence) {
        return new Happenings(store, notifier, presence);
    }

    @Bean
    MailTemplates mailTemplates() {
        return new MailTemplates();
    }

    @Bean
    EmailDispatch emailDispatch(NotificationStore store, Mailer mailer, MailTemplates templates,
                                Preferences preferences, PlatformTransactionManager transactions,
                                NotificationProperties properties, Clock clock) {
        return new EmailDispatch(store, mailer, templates, preferences, new TransactionTemplate(transactions),
                properties.publicBaseUrl(), properties.emailRetryBackoff(), properties.emailMaxAttempts(), clock);
    }

    @Bean
    EmailPoller emailPoller(EmailDispatch dispatch, NotificationProperties properties) {
        return new EmailPoller(dispatch, properties.emailPoll());
    }

    @Bean
    NotificationGrpcService notificationGrpcService(Inbox inbox, Preferences preferences, NotificationHub hub) {
        return new NotificationGrpcService(inbox, preferences, hub);
    }

    @Bean
    ChatMessages chatMessages(ProcessedEvents processed, Happenings happenings) {
        return new ChatMessages(processed, happenings);
    }

    @Bean
    UserRegistrations userRegistrations(ProcessedEvents processed, Happenings happenings) {
        return new UserRegistrations(processed, happenings);
    }

    @Bean
    GroupChanges groupChanges(ProcessedEvents processed, Happenings happenings) {
        return new GroupChanges(processed, happenings);
    }

    @Bean
    Enrollments enrollments(ProcessedEvents processed, Happenings happenings) {
        return new Enrollments(processed, happenings);
    }

    @Bean
    Follows follows(ProcessedEvents processed, Happenings happenings) {
        return new Follows(processed, happenings);
    }

    @Bean
    ModerationOutcomes moderationOutcomes(ProcessedEvents processed, Happenings happenings) {
        return new ModerationOutcomes(processed, happenings);
    }
}
