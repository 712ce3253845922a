package dev.cohort.bench.notification;

import dev.cohort.auth.JwkSetSource;
import dev.cohort.events.Topics;
import dev.cohort.events.chat.ConversationKind;
import dev.cohort.events.chat.MemberAdded;
import dev.cohort.events.chat.MemberRole;
import dev.cohort.events.chat.MentionedUser;
import dev.cohort.events.chat.MessagePosted;
import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.serde.AvroSerializer;
import dev.cohort.eventtestkit.TestEvents;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.notification.NotificationApplication;
import dev.cohort.notification.v1.NotificationServiceGrpc;
import dev.cohort.notification.v1.SubscribeRequest;
import dev.cohort.notification.v1.SubscribeResponse;
import dev.cohort.testkit.CohortTestInfrastructure;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestMail;
import dev.cohort.testkit.TestPostgres;
import dev.cohort.testkit.TestRedis;
import dev.cohort.testkit.auth.TestAccessTokens;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One message mentioning everyone in a channel of {@code members} people (default 1,000), each holding a live
 * Subscribe stream: the time from handing its MessagePosted event to Kafka until (a) all notifications are stored
 * and (b) every stream has received its notification. Beside it, in the same run, the same path for a message
 * mentioning one member: the fixed cost of one event (Kafka hop, consumer poll, one transaction, one push), the
 * floor under the fan-out. Three measured rounds after one warm-up round; median and spread (max - min) printed.
 * Everything runs on 127.0.0.1 and every wait is bounded.
 */
public final class NotificationBenchmark {

    private static final Duration ROUND_LIMIT = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        int members = intArg(args, "members", 1000);
        int rounds = intArg(args, "rounds", 3);
        int channels = intArg(args, "channels", 4);
        new NotificationBenchmark().run(members, rounds, channels);
        System.exit(0);
    }

    private final TestAccessTokens issuer = new TestAccessTokens();
    private final ConcurrentHashMap<UUID, Long> received = new ConcurrentHashMap<>();
    private volatile CountDownLatch pushed = new CountDownLatch(0);
    private volatile UUID awaitedMessage;

    private void run(int members, int rounds, int channelCount) throws Exception {
        TestDatabase database = TestPostgres.shared().createDatabase("bench_notification");
        InJvmKafka.shared().createTopics(3, Topics.IDENTITY_USERS, Topics.COURSE_ENROLLMENTS, Topics.GROUP_GROUPS,
                Topics.CHAT_MESSAGES, Topics.PROFILE_RELATIONSHIPS);
        PortHolder bound = new PortHolder();
        ConfigurableApplicationContext service = startService(database, bound);
        int port = bound.port.get();

        UUID author = UUID.randomUUID();
        List<UUID> people = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            people.add(UUID.randomUUID());
        }
        UUID channel = UUID.randomUUID();
        try (KafkaProducer<String, SpecificRecord> producer = producer()) {
            System.err.printf("setting up: %d registrations and channel members%n", members + 1);
            List<UUID> everyone = new ArrayList<>(people);
            everyone.add(author);
            for (UUID person : everyone) {
                producer.send(new ProducerRecord<>(Topics.IDENTITY_USERS, person.toString(), registration(person)));
                producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, channel.toString(), memberAdded(channel,
                        person)));
            }
            producer.flush();
            awaitCount(database, "select count(*) from conversation_members where conversation_id = '" + channel
                    + "'", everyone.size(), Duration.ofMinutes(3));

            List<ManagedChannel> grpc = new ArrayList<>();
            for (int i = 0; i < channelCount; i++) {
                grpc.add(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
            }
            CountDownLatch caughtUp = new CountDownLatch(members);
            for (int i = 0; i < members; i++) {
                subscribe(grpc.get(i % channelCount), people.get(i), caughtUp);
            }
            if (!caughtUp.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("not every stream opened: " + caughtUp.getCount() + " left");
            }
            System.err.printf("%d streams open%n", members);

            List<long[]> fanOut = new ArrayList<>();
            List<long[]> single = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                long[] one = measure(producer, database, channel, author, people, false);
                long[] all = measure(producer, database, channel, author, people, true);
                String label = round == 0 ? "warm-up" : "round " + round;
                System.err.printf("%s: @everyone stored %d ms, pushed %d ms; one mention stored %d ms, pushed %d ms%n",
                        label, all[0], all[1], one[0], one[1]);
                if (round > 0) {
                    fanOut.add(all);
                    single.add(one);
                }
            }
            grpc.forEach(ManagedChannel::shutdownNow);
            report(members, fanOut, single);
        } finally {
            service.close();
        }
    }

    /** One message (mentioning everyone, or the first member only); returns ms to stored and to pushed. */
    private long[] measure(KafkaProducer<String, SpecificRecord> producer, TestDatabase database, UUID channel,
                           UUID author, List<UUID> people, boolean everyone) throws Exception {
        UUID message = UUID.randomUUID();
        int expected = everyone ? people.size() : 1;
        awaitedMessage = message;
        pushed = new CountDownLatch(expected);
        MessagePosted event = MessagePosted.newBuilder().setMetadata(metadata(channel, "chat"))
                .setConversationId(channel.toString()).setConversationKind(ConversationKind.CHANNEL)
                .setMessageId(message.toString()).setSequence(1).setAuthorUserId(author.toString())
                .setText(everyone ? "@everyone the exam moved to room 4" : "@you the exam moved")
                .setMentions(everyone ? List.of() : List.of(MentionedUser.newBuilder()
                        .setUserId(people.get(0).toString()).setStart(0).setLength(4).build()))
                .setThreadRootMessageId(null).setMentionsEveryone(everyone).build();
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, channel.toString(), event)).get();
        long stored = awaitCount(database, "select count(*) from notifications where message_id = '" + message + "'",
                expected, ROUND_LIMIT);
        if (!pushed.await(ROUND_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("pushes missing: " + pushed.getCount());
        }
        long done = System.nanoTime();
        return new long[] {TimeUnit.NANOSECONDS.toMillis(stored - start), TimeUnit.NANOSECONDS.toMillis(done - start)};
    }

    private void subscribe(ManagedChannel channel, UUID user, CountDownLatch caughtUp) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + issuer.tokenValidFor(Duration.ofHours(2), user.toString(), "STUDENT"));
        NotificationServiceGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .subscribe(SubscribeRequest.getDefaultInstance(), new StreamObserver<>() {
                    @Override
                    public void onNext(SubscribeResponse value) {
                        if (value.getCaughtUp()) {
                            caughtUp.countDown();
                        } else if (value.hasNotification() && awaitedMessage != null
                                && value.getNotification().getTarget().getMessageId()
                                .equals(awaitedMessage.toString())) {
                            pushed.countDown();
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        System.err.println("stream of " + user + " ended: " + t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
    }

    /** Polls a count every 2 ms until it reaches {@code expected}; returns System.nanoTime() when it did. */
    private static long awaitCount(TestDatabase database, String sql, int expected, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); PreparedStatement statement = connection.prepareStatement(sql)) {
            while (true) {
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) >= expected) {
                        return System.nanoTime();
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out waiting for " + expected + ": " + sql);
                }
                Thread.sleep(2);
            }
        }
    }

    private static void report(int members, List<long[]> fanOut, List<long[]> single) {
        long[] stored = fanOut.stream().mapToLong(r -> r[0]).sorted().toArray();
        long[] pushedAll = fanOut.stream().mapToLong(r -> r[1]).sorted().toArray();
        long[] oneStored = single.stream().mapToLong(r -> r[0]).sorted().toArray();
        long[] onePushed = single.stream().mapToLong(r -> r[1]).sorted().toArray();
        System.out.println();
        System.out.printf("Notification fan-out, %d members each with a live Subscribe stream, %d rounds%n", members,
                fanOut.size());
        System.out.printf("%-52s %10s %12s %s%n", "", "median ms", "spread ms", "rounds");
        line("@everyone: event sent -> all notifications stored", stored);
        line("@everyone: event sent -> all streams received", pushedAll);
        line("one mention: event sent -> stored (floor)", oneStored);
        line("one mention: event sent -> stream received (floor)", onePushed);
        long target = 2000;
        long median = pushedAll[pushedAll.length / 2];
        System.out.printf("target: all %d persisted and pushed in < %d ms: %s (median %d ms; the fan-out adds %d ms "
                + "over the one-mention floor of %d ms)%n", members, target, median < target ? "MET" : "NOT MET",
                median, median - onePushed[onePushed.length / 2], onePushed[onePushed.length / 2]);
    }

    private static void line(String label, long[] sorted) {
        System.out.printf("%-52s %10d %12d %s%n", label, sorted[sorted.length / 2], sorted[sorted.length - 1]
                - sorted[0], Arrays.toString(sorted));
    }

    private ConfigurableApplicationContext startService(TestDatabase database, PortHolder port) {
        TestRedis redis = TestRedis.shared();
        List<String> args = new ArrayList<>(List.of(
                "--spring.grpc.server.address=127.0.0.1",
                "--spring.grpc.server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--cohort.redis.url=" + redis.url(),
                "--cohort.redis.key-prefix=" + redis.newKeyPrefix("bench_notification"),
                "--cohort.paging.token-key=" + CohortTestInfrastructure.pagingTokenKey(),
                "--cohort.events.bootstrap-servers=" + TestEvents.bootstrapServers(),
                "--cohort.events.schema-registry-url=" + TestEvents.registryUrl(),
                "--cohort.events.relay.enabled=false",
                "--cohort.mail.host=" + TestMail.shared().host(),
                "--cohort.mail.port=" + TestMail.shared().port(),
                "--cohort.notification.unsubscribe-key=" + Base64.getEncoder().encodeToString(new byte[32]),
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"));
        return NotificationApplication.application()
                .initializers(context -> context.getBeanFactory()
                        .registerSingleton("benchJwkSetSource", (JwkSetSource) issuer::jwkSet))
                .listeners(port)
                .run(args.toArray(String[]::new));
    }

    /** The port the service's gRPC server bound. */
    static final class PortHolder implements ApplicationListener<ApplicationEvent> {
        final AtomicInteger port = new AtomicInteger(-1);

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof GrpcServerStartedEvent started) {
                port.set(started.getPort());
            }
        }
    }

    private static KafkaProducer<String, SpecificRecord> producer() {
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(Map.of("schema.registry.url", TestEvents.registryUrl()), false);
        return new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", TestEvents.bootstrapServers(),
                "linger.ms", 5), new StringSerializer(), values);
    }

    private static UserRegistered registration(UUID user) {
        return UserRegistered.newBuilder().setMetadata(metadata(user, "identity")).setUserId(user.toString())
                .setEmail("bench-" + user.toString().substring(0, 8) + "@" + TestMail.DOMAIN)
                .setDisplayName("Member " + user.toString().substring(0, 4)).setRoles(List.of("ROLE_STUDENT")).build();
    }

    private static MemberAdded memberAdded(UUID channel, UUID user) {
        return MemberAdded.newBuilder().setMetadata(metadata(channel, "chat")).setConversationId(channel.toString())
                .setUserId(user.toString()).setRole(MemberRole.MEMBER).setAddedBy(null).build();
    }

    private static EventMetadata metadata(UUID aggregate, String producer) {
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                .setAggregateId(aggregate.toString()).setProducer(producer).setTraceparent(null).build();
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 3));
            }
        }
        return fallback;
    }

}
