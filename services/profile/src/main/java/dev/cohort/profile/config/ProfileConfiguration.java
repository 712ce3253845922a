package dev.cohort.profile.config;

import dev.cohort.media.AvatarImages;
import dev.cohort.objectstore.ObjectStore;
import dev.cohort.profile.app.AvatarUploadRateLimit;
import dev.cohort.profile.app.AvatarUploadSweep;
import dev.cohort.profile.app.AvatarUploads;
import dev.cohort.profile.app.AvatarUrls;
import dev.cohort.profile.app.ProfileViews;
import dev.cohort.profile.store.AvatarUploadRepository;
import java.time.Duration;
import org.redisson.api.RedissonClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.outbox.EventEnvelope;
import dev.cohort.events.outbox.Outbox;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.profile.api.ProfileGrpcService;
import dev.cohort.profile.app.Blocking;
import dev.cohort.profile.app.Classmates;
import dev.cohort.profile.app.Following;
import dev.cohort.profile.app.PeopleSearch;
import dev.cohort.profile.app.ProfileChanges;
import dev.cohort.profile.app.ProfileQueries;
import dev.cohort.profile.app.Registrations;
import dev.cohort.profile.events.ConversationMemberships;
import dev.cohort.profile.events.EnrollmentChanges;
import dev.cohort.profile.events.GroupMemberships;
import dev.cohort.profile.events.ProfileEvents;
import dev.cohort.profile.events.UserRegistrations;
import dev.cohort.profile.store.BlockRepository;
import dev.cohort.profile.store.ContextMemberRepository;
import dev.cohort.profile.store.FollowRepository;
import dev.cohort.profile.store.ProfileReads;
import dev.cohort.profile.store.ProfileRepository;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.annotation.EnableKafka;

/** Wires profile's parts together; everything is constructed explicitly, nothing is scanned. */
@Configuration(proxyBeanMethods = false)
@EnableKafka
public class ProfileConfiguration {

    @Bean
    ProfileEvents profileEvents(Outbox outbox, EventEnvelope envelope) {
        return new ProfileEvents(outbox, envelope);
    }

    @Bean
    ProfileReads profileReads(NamedParameterJdbcTemplate jdbc) {
        return new ProfileReads(jdbc);
    }

    @Bean
    ProfileQueries profileQueries(ProfileReads reads, ObjectStore store, ProfileProperties properties, Clock clock) {
        return new ProfileQueries(reads,
                new ProfileViews(new AvatarUrls(store, properties.avatarUrlValidity(), clock)));
    }

    @Bean
    AvatarUploads avatarUploads(ProfileRepository profiles, AvatarUploadRepository uploads, ProfileQueries queries,
                                ProfileEvents events, ObjectStore store, RedissonClient redis,
                                PlatformTransactionManager transactionManager, ProfileProperties properties,
                                Clock clock) {
        return new AvatarUploads(profiles, uploads, queries, events, store, new AvatarImages(),
                new AvatarUploadRateLimit(redis, properties.avatarUploadsPerHour(), Duration.ofHours(1), clock),
                new TransactionTemplate(transactionManager), properties.avatarUploadValidity(), clock);
    }

    @Bean
    AvatarUploadSweep avatarUploadSweep(AvatarUploadRepository uploads, ObjectStore store,
                                        PlatformTransactionManager transactionManager, ProfileProperties properties,
                                        Clock clock) {
        return new AvatarUploadSweep(uploads, store, new TransactionTemplate(transactionManager),
                properties.avatarUploadSweepMargin(), properties.avatarUploadSweepBatch(), clock);
    }

    @Bean
    ProfileChanges profileChanges(ProfileRepository profiles, ProfileQueries queries, ProfileEvents events,
                                  Clock clock) {
        return new ProfileChanges(profiles, queries, events, clock);
    }

    @Bean
    Following following(ProfileRepository profiles, FollowRepository follows, ProfileReads reads,
                        ProfileQueries queries, ProfileEvents events, PageTokenCodec pageTokens, Clock clock) {
        return new Following(profiles, follows, reads, queries, events, pageTokens, clock);
    }

    @Bean
    Blocking blocking(ProfileRepository profiles, BlockRepository blocks, FollowRepository follows,
                      ProfileReads reads, ProfileEvents events, PageTokenCodec pageTokens, Clock clock) {
        return new Blocking(profiles, blocks, follows, reads, events, pageTokens, clock);
    }

    @Bean
    PeopleSearch peopleSearch(ProfileReads reads, PageTokenCodec pageTokens, ObjectStore store,
                              ProfileProperties properties, Clock clock) {
        return new PeopleSearch(reads, pageTokens,
                new ProfileViews(new AvatarUrls(store, properties.avatarUrlValidity(), clock)));
    }

    @Bean
    Registrations registrations(ProfileRepository profiles) {
        return new Registrations(profiles);
    }

    @Bean
    Classmates classmates(ContextMemberRepository members) {
        return new Classmates(members);
    }

    @Bean
    ProfileGrpcService profileGrpcService(ProfileQueries queries, ProfileChanges changes, Following following,
                                          Blocking blocking, PeopleSearch search, AvatarUploads avatars) {
        return new ProfileGrpcService(queries, changes, following, blocking, search, avatars);
    }

    @Bean
    UserRegistrations userRegistrations(ProcessedEvents processed, Registrations registrations) {
        return new UserRegistrations(processed, registrations);
    }

    @Bean
    EnrollmentChanges enrollmentChanges(ProcessedEvents processed, Classmates classmates) {
        return new EnrollmentChanges(processed, classmates);
    }

    @Bean
    GroupMemberships groupMemberships(ProcessedEvents processed, Classmates classmates) {
        return new GroupMemberships(processed, classmates);
    }

    @Bean
    ConversationMemberships conversationMemberships(ProcessedEvents processed, Classmates classmates) {
        return new ConversationMemberships(processed, classmates);
    }
}
