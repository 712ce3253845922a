package dev.cohort.chat.config;

import dev.cohort.chat.api.ChatGrpcService;
import dev.cohort.chat.api.LiveRpcs;
import dev.cohort.chat.app.Blocks;
import dev.cohort.chat.app.Contacts;
import dev.cohort.chat.app.ConversationAccess;
import dev.cohort.chat.app.ConversationQueries;
import dev.cohort.chat.app.Conversations;
import dev.cohort.chat.app.DeliveryProbe;
import dev.cohort.chat.app.GroupConversations;
import dev.cohort.chat.app.KnownUsers;
import dev.cohort.chat.app.LiveFeed;
import dev.cohort.chat.app.MessageChanges;
import dev.cohort.chat.app.MessageImport;
import dev.cohort.chat.app.MessageQueries;
import dev.cohort.chat.app.MessageViews;
import dev.cohort.chat.app.MessageWriter;
import dev.cohort.chat.app.ReadMarkers;
import dev.cohort.chat.app.SendRateLimit;
import dev.cohort.chat.app.FloodGuard;
import dev.cohort.redis.SpamPolicy;
import org.redisson.api.RedissonClient;
import dev.cohort.chat.events.ChatEvents;
import dev.cohort.chat.events.GroupMembershipSync;
import dev.cohort.chat.events.ProfileContacts;
import dev.cohort.chat.events.SectionEnrollments;
import dev.cohort.chat.events.UserRegistrations;
import dev.cohort.chat.store.ContactStore;
import dev.cohort.chat.store.ConversationStore;
import dev.cohort.chat.store.MessageStore;
import dev.cohort.chat.store.PostingStore;
import dev.cohort.chat.store.ReactionStore;
import dev.cohort.chat.store.UserStore;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.outbox.EventEnvelope;
import dev.cohort.events.outbox.Outbox;
import dev.cohort.grpc.server.StatusMapper;
import dev.cohort.paging.PageTokenCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires chat's parts together; everything is constructed explicitly, nothing is scanned. */
@Configuration(proxyBeanMethods = false)
@EnableKafka
@Import(LiveConfiguration.class)
public class ChatConfiguration {


    @Bean
    ConversationStore conversationStore(JdbcTemplate jdbc) {
        return new ConversationStore(jdbc);
    }

    @Bean
    MessageStore messageStore(JdbcTemplate jdbc) {
        return new MessageStore(jdbc);
    }

    @Bean
    ReactionStore reactionStore(JdbcTemplate jdbc) {
        return new ReactionStore(jdbc);
    }

    @Bean
    ChatEvents chatEvents(Outbox outbox, EventEnvelope envelope) {
        return new ChatEvents(outbox, envelope);
    }

    @Bean
    MessageViews messageViews(ReactionStore reactions) {
        return new MessageViews(reactions);
    }

    @Bean
    Blocks blocks(JdbcTemplate jdbc, ChatProperties properties) {
        return new Blocks(new ContactStore(jdbc), properties.blockCacheExpiry(), 100_000);
    }

    @Bean
    Contacts contacts(JdbcTemplate jdbc, ConversationStore conversations, Blocks blocks) {
        return new Contacts(new ContactStore(jdbc), conversations, blocks);
    }

    @Bean
    ProfileContacts profileContacts(ProcessedEvents processed, Contacts contacts) {
        return new ProfileContacts(processed, contacts);
    }

    @Bean
    SectionEnrollments sectionEnrollments(ProcessedEvents processed, Contacts contacts) {
        return new SectionEnrollments(processed, contacts);
    }

    @Bean
    ConversationAccess conversationAccess(ConversationStore conversations, Blocks blocks) {
        return new ConversationAccess(conversations, blocks);
    }

    @Bean
    ConversationQueries conversationQueries(ConversationStore conversations, MessageStore messages,
                                            MessageViews views, ConversationAccess access,
                                            PageTokenCodec pageTokens) {
        return new ConversationQueries(conversations, messages, views, access, pageTokens);
    }

    @Bean
    KnownUsers knownUsers(JdbcTemplate jdbc) {
        return new KnownUsers(new UserStore(jdbc));
    }

    @Bean
    UserRegistrations userRegistrations(ProcessedEvents processed, KnownUsers users) {
        return new UserRegistrations(processed, users);
    }

    @Bean
    Conversations conversations(ConversationStore store, ConversationAccess access, ConversationQueries queries,
                                KnownUsers users, Contacts contacts, ChatProperties properties, ChatEvents events,
                                LiveFeed live, TransactionTemplate transactions, Clock clock) {
        return new Conversations(store, access, queries, users, contacts, properties.maxMembers(), events, live,
                transactions, clock);
    }

    @Bean
    MessageQueries messageQueries(MessageStore messages, ConversationStore conversations, MessageViews views,
                                  ConversationAccess access, PageTokenCodec pageTokens) {
        return new MessageQueries(messages, conversations, views, access, pageTokens);
    }

    @Bean
    MessageWriter messageWriter(MessageStore messages, JdbcTemplate jdbc,
                                ChatEvents events, LiveFeed live, TransactionTemplate transactions, Clock clock,
                                ChatProperties properties, Blocks blocks, FloodGuard floodGuard,
                                ObjectProvider<MeterRegistry> meters, ObjectProvider<DeliveryProbe> probe) {
        SendRateLimit rateLimit = new SendRateLimit(properties.sendsPerSecond(), properties.sendBurst(),
                System::nanoTime);
        MessageWriter writer = new MessageWriter(messages, new PostingStore(jdbc), events, live,
                transactions, clock, rateLimit, floodGuard, blocks, probe.getIfAvailable(() -> DeliveryProbe.NONE),
                properties.writerLanes(), properties.writerQueueCapacity(),
                properties.writerMaxBatch());
        meters.ifAvailable(registry -> writer.stats().bindTo(registry, "chat.writer", "sends"));
        return writer;
    }

    /** Moderation's spam policy, read from Redis in the background (ADR 0058); sends are checked in memory. */
    @Bean
    FloodGuard floodGuard(RedissonClient redis) {
        return new FloodGuard(() -> SpamPolicy.current(redis), System::nanoTime);
    }

    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService spamPolicyRefresh(FloodGuard floodGuard, ChatProperties properties) {
        var executor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chat-spam-policy");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.spamPolicyRefresh().toMillis();
        executor.scheduleWithFixedDelay(floodGuard::refresh, 0, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        return executor;
    }

    @Bean
    MessageImport messageImport(MessageStore messages, JdbcTemplate jdbc, ChatEvents events, LiveFeed live,
                                TransactionTemplate transactions, Clock clock) {
        return new MessageImport(messages, new PostingStore(jdbc), events, live, transactions, clock);
    }

    @Bean
    MessageChanges messageChanges(MessageStore messages, ConversationStore conversations, ReactionStore reactions,
                                  MessageQueries queries, MessageViews views, ConversationAccess access,
                                  ChatEvents events, LiveFeed live, TransactionTemplate transactions, Clock clock) {
        return new MessageChanges(messages, conversations, reactions, queries, views, access, events, live,
                transactions, clock);
    }

    @Bean
    ReadMarkers readMarkers(ConversationStore conversations, MessageStore messages, ConversationAccess access,
                            LiveFeed live) {
        return new ReadMarkers(conversations, messages, access, live);
    }

    @Bean
    GroupConversations groupConversations(ConversationStore conversations, ChatEvents events, LiveFeed live,
                                          Clock clock) {
        return new GroupConversations(conversations, events, live, clock);
    }

    @Bean
    GroupMembershipSync groupMembershipSync(ProcessedEvents processed, GroupConversations groups) {
        return new GroupMembershipSync(processed, groups);
    }

    @Bean
    ChatGrpcService chatGrpcService(Conversations conversations, ConversationQueries conversationQueries,
                                    MessageWriter writer, MessageChanges changes, MessageQueries messageQueries,
                                    ReadMarkers readMarkers, MessageImport imports, LiveRpcs live,
                                    StatusMapper statuses) {
        return new ChatGrpcService(conversations, conversationQueries, writer, changes, messageQueries, readMarkers,
                imports, live, statuses);
    }
}
