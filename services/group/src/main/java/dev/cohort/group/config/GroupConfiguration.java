package dev.cohort.group.config;

import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.outbox.EventEnvelope;
import dev.cohort.events.outbox.Outbox;
import dev.cohort.grpc.client.ClientSettings;
import dev.cohort.grpc.client.CohortChannels;
import dev.cohort.group.api.GroupGrpcService;
import dev.cohort.group.app.CourseDirectory;
import dev.cohort.group.app.GroupChanges;
import dev.cohort.group.app.GroupLifecycle;
import dev.cohort.group.app.GroupQueries;
import dev.cohort.group.app.JoinRequests;
import dev.cohort.group.app.Memberships;
import dev.cohort.group.course.GrpcCourseDirectory;
import dev.cohort.group.events.EnrollmentDrops;
import dev.cohort.group.events.GroupEvents;
import dev.cohort.group.store.GroupRepository;
import dev.cohort.group.store.JoinRequestRepository;
import dev.cohort.group.store.MemberRepository;
import dev.cohort.paging.PageTokenCodec;
import io.grpc.ManagedChannel;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires group's parts together; everything is constructed explicitly, nothing is scanned. */
@Configuration(proxyBeanMethods = false)
@EnableKafka
public class GroupConfiguration {


    /** The channel to course, with the platform's client conventions (retry on UNAVAILABLE, traceparent). */
    @Bean(destroyMethod = "shutdownNow")
    ManagedChannel courseChannel(GroupProperties properties, ClientSettings settings) {
        return CohortChannels.forTarget(properties.courseTarget(), settings);
    }

    @Bean
    CourseDirectory courseDirectory(ManagedChannel courseChannel, GroupProperties properties,
            @Value("${cohort.grpc.error-domain:${spring.application.name:cohort}.cohort.dev}") String errorDomain) {
        return new GrpcCourseDirectory(courseChannel, properties.courseDeadline(), errorDomain);
    }

    @Bean
    GroupEvents groupEvents(Outbox outbox, EventEnvelope envelope) {
        return new GroupEvents(outbox, envelope);
    }

    @Bean
    GroupChanges groupChanges(GroupRepository groups, MemberRepository members, JoinRequestRepository requests,
                              GroupEvents events, Clock clock) {
        return new GroupChanges(groups, members, requests, events, clock);
    }

    @Bean
    GroupLifecycle groupLifecycle(GroupRepository groups, MemberRepository members, GroupChanges changes,
                                  CourseDirectory course, GroupEvents events, TransactionTemplate transactions,
                                  Clock clock) {
        return new GroupLifecycle(groups, members, changes, course, events, transactions, clock);
    }

    @Bean
    JoinRequests joinRequests(JoinRequestRepository requests, GroupChanges changes, CourseDirectory course,
                              TransactionTemplate transactions, Clock clock, PageTokenCodec pageTokens) {
        return new JoinRequests(requests, changes, course, transactions, clock, pageTokens);
    }

    @Bean
    Memberships memberships(GroupChanges changes, MemberRepository members, JoinRequestRepository requests,
                            Clock clock) {
        return new Memberships(changes, members, requests, clock);
    }

    @Bean
    GroupQueries groupQueries(GroupRepository groups, MemberRepository members, GroupChanges changes,
                              PageTokenCodec pageTokens) {
        return new GroupQueries(groups, members, changes, pageTokens);
    }

    @Bean
    GroupGrpcService groupGrpcService(GroupLifecycle lifecycle, JoinRequests requests, Memberships memberships,
                                      GroupQueries queries) {
        return new GroupGrpcService(lifecycle, requests, memberships, queries);
    }

    @Bean
    EnrollmentDrops enrollmentDrops(ProcessedEvents processed, Memberships memberships) {
        return new EnrollmentDrops(processed, memberships);
    }
}
