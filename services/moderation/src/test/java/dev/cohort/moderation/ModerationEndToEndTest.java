package dev.cohort.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.chat.ChatApplication;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.ConversationSubscription;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.JoinChannelRequest;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.chat.v1.SubscribeRequest;
import dev.cohort.chat.v1.SubscribeResponse;
import dev.cohort.eventtestkit.TestEvents;
import dev.cohort.identity.IdentityApplication;
import dev.cohort.identity.v1.GetUserRequest;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.LoginRequest;
import dev.cohort.identity.v1.RegisterRequest;
import dev.cohort.identity.v1.User;
import dev.cohort.identity.v1.UserStatus;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.moderation.events.AuditedTopics;
import dev.cohort.moderation.v1.AuditEntry;
import dev.cohort.moderation.v1.ListAuditEntriesRequest;
import dev.cohort.moderation.v1.ModerationServiceGrpc;
import dev.cohort.moderation.v1.Report;
import dev.cohort.moderation.v1.ReportMessageRequest;
import dev.cohort.moderation.v1.ReportOutcome;
import dev.cohort.moderation.v1.ReportProfileRequest;
import dev.cohort.moderation.v1.ResolveReportRequest;
import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.TestMail;
import dev.cohort.testkit.TestPostgres;
import dev.cohort.testkit.TestRedis;
import dev.cohort.testkit.grpc.BoundGrpcPort;
import dev.cohort.testkit.grpc.GrpcFailures;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Moderation with the real identity and chat beside it, as in the local stack (one JVM, one Redis key prefix so the
 * token deny-list is shared, Kafka, the schema registry, identity's own keys and tokens): a member reports a
 * message they see, an admin resolves it by removing the message, and every member's live subscription sees the
 * deletion; an admin suspends a reported author, whose open stream closes and whose calls are refused within
 * seconds; each action appears in the audit log with the admin as actor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModerationEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String PASSWORD = "a long enough password 42";
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final String adminEmail = "admin-" + UUID.randomUUID() + "@cohort.test";

    IdentityServiceGrpc.IdentityServiceBlockingStub identity;
    ManagedChannel chatChannel;
    ManagedChannel moderationChannel;
    String adminToken;
    String adminId;

    @BeforeAll
    void start() {
        InJvmKafka.shared().createTopics(3, AuditedTopics.all());
        String redisPrefix = TestRedis.shared().newKeyPrefix("ModerationE2E");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        int identityPort = start(IdentityApplication.application(), "identity", redisPrefix,
                "--cohort.identity.keys.encryption-key=" + Base64.getEncoder().encodeToString(key),
                "--cohort.identity.bootstrap-admin.email=" + adminEmail,
                "--cohort.identity.bootstrap-admin.password=" + PASSWORD,
                "--cohort.mail.host=" + TestMail.shared().host(),
                "--cohort.mail.port=" + TestMail.shared().port(),
                "--cohort.mail.from=Cohort <no-reply@cohort.test>");
        String jwks = "--cohort.auth.jwks-target=dns:///127.0.0.1:" + identityPort;
        int chatPort = start(ChatApplication.application(), "chat", redisPrefix, jwks);
        // Its own consumer group: moderation contexts of other test classes may still be running in this JVM.
        int moderationPort = start(ModerationApplication.application(), "moderation", redisPrefix, jwks,
                "--spring.application.name=moderation-e2e",
                "--cohort.moderation.chat-target=dns:///127.0.0.1:" + chatPort,
                "--cohort.moderation.identity-target=dns:///127.0.0.1:" + identityPort);

        identity = IdentityServiceGrpc.newBlockingStub(channel(identityPort));
        chatChannel = channel(chatPort);
        moderationChannel = channel(moderationPort);
        var admin = identity.login(LoginRequest.newBuilder().setEmail(adminEmail).setPassword(PASSWORD).build());
        adminToken = admin.getTokens().getAccessToken();
        adminId = admin.getUser().getUserId();
    }

    @AfterAll
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        services.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void removingAReportedMessageDeletesItForEveryMemberLive() throws Exception {
        Person author = person("author");
        Person reporter = person("reporter");
        String conversation = chat(reporter).createChannel(CreateChannelRequest.newBuilder()
                .setName("moderated " + UUID.randomUUID().toString().substring(0, 8)).build())
                .getConversation().getConversationId();
        chat(author).joinChannel(JoinChannelRequest.newBuilder().setConversationId(conversation).build());
        LiveFrames reporterSees = subscribe(reporter, conversation);
        LiveFrames authorSees = subscribe(author, conversation);
        String message = chat(author).sendMessage(SendMessageRequest.newBuilder().setConversationId(conversation)
                .setText("buy followers at spam.example").setClientMessageId(UUID.randomUUID().toString()).build())
                .getMessage().getMessageId();
        for (LiveFrames member : List.of(reporterSees, authorSees)) {
            member.next(frame -> frame.getFrame().hasMessageCreated());
        }

        // Moderation knows the message and its members from chat's events a moment later.
        Report report = Awaitility.await().atMost(PATIENCE).ignoreExceptions().until(() -> moderation(reporter)
                .reportMessage(ReportMessageRequest.newBuilder().setMessageId(message).setReason("spam").build())
                .getReport(), created -> created != null);

        Report resolved = moderation(adminToken).resolveReport(ResolveReportRequest.newBuilder()
                .setReportId(report.getReportId()).setOutcome(ReportOutcome.REPORT_OUTCOME_MESSAGE_REMOVED)
                .setNote("advertising").build()).getReport();
        assertThat(resolved.getOutcome()).isEqualTo(ReportOutcome.REPORT_OUTCOME_MESSAGE_REMOVED);

        for (LiveFrames member : List.of(reporterSees, authorSees)) {
            SubscribeResponse deleted = member.next(frame -> frame.getFrame().hasMessageDeleted());
            assertThat(deleted.getFrame().getMessageDeleted().getMessage().getMessageId()).isEqualTo(message);
            assertThat(deleted.getFrame().getMessageDeleted().getMessage().getText()).isEmpty();
        }
        // Chat's own record of the deletion names the moderator, and so does the audit log.
        Awaitility.await().atMost(PATIENCE).until(() -> auditKinds(adminId).containsAll(
                List.of("moderation.ModerationActionTaken", "moderation.ReportResolved", "chat.MessageDeleted")));
    }

    @Test
    void suspendingAReportedPersonClosesTheirStreamsAndRefusesTheirCallsWithinSeconds() throws Exception {
        Person author = person("suspended author");
        Person reporter = person("reporter of a profile");
        String conversation = chat(author).createChannel(CreateChannelRequest.newBuilder()
                .setName("soon quiet " + UUID.randomUUID().toString().substring(0, 8)).build())
                .getConversation().getConversationId();
        LiveFrames authorSees = subscribe(author, conversation);
        chat(author).sendMessage(SendMessageRequest.newBuilder().setConversationId(conversation).setText("hello")
                .setClientMessageId(UUID.randomUUID().toString()).build());
        authorSees.next(frame -> frame.getFrame().hasMessageCreated());

        Report report = Awaitility.await().atMost(PATIENCE).ignoreExceptions().until(() -> moderation(reporter)
                .reportProfile(ReportProfileRequest.newBuilder().setUserId(author.id()).setReason("abusive").build())
                .getReport(), created -> created != null);
        long suspendedAt = System.nanoTime();
        Report resolved = moderation(adminToken).resolveReport(ResolveReportRequest.newBuilder()
                .setReportId(report.getReportId()).setOutcome(ReportOutcome.REPORT_OUTCOME_SUSPENDED)
                .setNote("repeated abuse").setSuspension(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(Duration.ofDays(7).toSeconds())).build()).getReport();

        Throwable closed = authorSees.awaitClosed(Duration.ofSeconds(5));
        assertThat(Status.fromThrowable(closed).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(Duration.ofNanos(System.nanoTime() - suspendedAt)).isLessThan(Duration.ofSeconds(5));
        StatusRuntimeException refused = GrpcFailures.failure(() -> chat(author).sendMessage(SendMessageRequest
                .newBuilder().setConversationId(conversation).setText("still here?")
                .setClientMessageId(UUID.randomUUID().toString()).build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        // Identity holds the same end, and lifts the suspension by itself then.
        User suspendedInIdentity = as(identity, adminToken).getUser(GetUserRequest.newBuilder()
                .setUserId(author.id()).build()).getUser();
        assertThat(suspendedInIdentity.getStatus()).isEqualTo(UserStatus.USER_STATUS_SUSPENDED);
        assertThat(suspendedInIdentity.getSuspendUntil()).isEqualTo(resolved.getSuspendedUntil());

        Awaitility.await().atMost(PATIENCE).until(() -> auditKinds(adminId).contains("identity.UserSuspended"));
        List<AuditEntry> suspension = moderation(adminToken).listAuditEntries(ListAuditEntriesRequest.newBuilder()
                .setKind("moderation.ModerationActionTaken").setSubject(author.id()).build()).getEntriesList();
        assertThat(suspension).singleElement().satisfies(entry -> {
            assertThat(entry.getActorUserId()).isEqualTo(adminId);
            assertThat(entry.getDetails()).contains("USER_SUSPENDED").contains("repeated abuse");
        });
    }

    private record Person(String id, String token) {
    }

    private Person person(String name) {
        String email = name.replace(' ', '-') + "-" + UUID.randomUUID() + "@cohort.test";
        identity.register(RegisterRequest.newBuilder().setEmail(email).setPassword(PASSWORD).setDisplayName(name)
                .build());
        var login = identity.login(LoginRequest.newBuilder().setEmail(email).setPassword(PASSWORD).build());
        return new Person(login.getUser().getUserId(), login.getTokens().getAccessToken());
    }

    private List<String> auditKinds(String actor) {
        return moderation(adminToken).listAuditEntries(ListAuditEntriesRequest.newBuilder().setActorUserId(actor)
                .setPageSize(200).build()).getEntriesList().stream().map(AuditEntry::getKind).toList();
    }

    private ChatServiceGrpc.ChatServiceBlockingStub chat(Person person) {
        return as(ChatServiceGrpc.newBlockingStub(chatChannel), person.token());
    }

    private ModerationServiceGrpc.ModerationServiceBlockingStub moderation(Person person) {
        return moderation(person.token());
    }

    private ModerationServiceGrpc.ModerationServiceBlockingStub moderation(String token) {
        return as(ModerationServiceGrpc.newBlockingStub(moderationChannel), token);
    }

    private static <S extends AbstractStub<S>> S as(S stub, String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** A live subscription to one conversation, its frames queued as they arrive. */
    private LiveFrames subscribe(Person person, String conversation) throws InterruptedException {
        LiveFrames frames = new LiveFrames();
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + person.token());
        ChatServiceGrpc.newStub(chatChannel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .subscribe(SubscribeRequest.newBuilder().addConversations(ConversationSubscription.newBuilder()
                        .setConversationId(conversation).setResumeAfterSequence(0)).build(), frames);
        // From the conversation's start: a message sent right after this is seen, whenever the server registers it.
        return frames;
    }

    private static final class LiveFrames implements StreamObserver<SubscribeResponse> {
        private final BlockingQueue<SubscribeResponse> frames = new LinkedBlockingQueue<>();
        private final AtomicReference<Throwable> error = new AtomicReference<>();
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void onNext(SubscribeResponse frame) {
            frames.add(frame);
        }

        @Override
        public void onError(Throwable failure) {
            error.set(failure);
            closed.countDown();
        }

        @Override
        public void onCompleted() {
            closed.countDown();
        }

        SubscribeResponse next(java.util.function.Predicate<SubscribeResponse> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                SubscribeResponse frame = frames.poll(1, TimeUnit.SECONDS);
                if (frame != null && wanted.test(frame)) {
                    return frame;
                }
            }
            throw new AssertionError("no such frame within " + PATIENCE);
        }

        Throwable awaitClosed(Duration within) throws InterruptedException {
            assertThat(closed.await(within.toMillis(), TimeUnit.MILLISECONDS)).as("the stream closed in time").isTrue();
            return error.get();
        }
    }

    /** Starts a service in this JVM on a free port with its own database and the shared infrastructure. */
    private int start(SpringApplicationBuilder application, String name, String redisPrefix, String... own) {
        var database = TestPostgres.shared().createDatabase("e2e_" + name);
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.grpc.server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.datasource.hikari.minimum-idle=1",
                "--cohort.redis.url=" + TestRedis.shared().url(),
                "--cohort.redis.key-prefix=" + redisPrefix,
                "--cohort.paging.token-key=" + CohortTestInfrastructure.pagingTokenKey(),
                "--cohort.events.bootstrap-servers=" + TestEvents.bootstrapServers(),
                "--cohort.events.schema-registry-url=" + TestEvents.registryUrl()));
        arguments.addAll(List.of(own));
        ConfigurableApplicationContext context = application.sources(PortCapture.class)
                .run(arguments.toArray(String[]::new));
        services.add(context);
        return context.getBean(BoundGrpcPort.class).get();
    }

    private ManagedChannel channel(int port) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        channels.add(channel);
        return channel;
    }

    @Configuration(proxyBeanMethods = false)
    static class PortCapture {
        @Bean
        BoundGrpcPort boundPort() {
            return new BoundGrpcPort();
        }
    }
}
