package dev.cohort.bench.events;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.config.CohortEventsProperties;
import dev.cohort.events.config.KafkaClients;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.outbox.Outbox;
import dev.cohort.events.outbox.OutboxRelay;
import dev.cohort.events.outbox.OutboxSchema;
import dev.cohort.events.outbox.OutboxWakeups;
import dev.cohort.events.outbox.RelaySettings;
import dev.cohort.events.serde.AvroSerializer;
import dev.cohort.events.serde.SchemaIds;
import dev.cohort.events.serde.SchemaRegistryClient;
import dev.cohort.events.serde.WireFormat;
import dev.cohort.kafka.broker.InJvmKafka;
import dev.cohort.schemaregistry.SchemaRegistryApplication;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Events benchmark: how fast the outbox relay moves committed outbox rows to Kafka acknowledgements, against the
 * limit the same Kafka producer settings allow for the same records sent straight from memory.
 *
 * <ul>
 *   <li><b>Relay</b>: N outbox rows are inserted with {@link Outbox#append} in batched transactions (timed apart, not
 *       counted), then an {@link OutboxRelay} with production settings is {@link OutboxRelay#start() started} in the
 *       background, as the auto-configuration does, and the clock stops when its {@code cohort.outbox.published}
 *       counter reaches N, i.e. when the last row is marked sent and committed ({@code pendingCount()} is then
 *       checked to be 0). The counter is read in memory every 0.2 ms instead of polling {@code pendingCount()}, so
 *       the probe neither loads the database nor adds a polling step to the figure.</li>
 *   <li><b>Raw</b>: the same N events, serialized beforehand by the same AvroSerializer into Confluent wire-format
 *       bytes, with the same key and {@code cohort-event-id} header, sent by a {@code KafkaProducer<String, byte[]>}
 *       with the same settings ({@link KafkaClients#producer}): time of all {@code send}s plus {@code flush}.</li>
 * </ul>
 * Both topics have the same partitions; each run's delivery is checked against the topic's end offsets.
 */
public final class EventsBenchmark implements AutoCloseable {

    static final String RELAY_TOPIC = "bench.events.relay";
    static final String RAW_TOPIC = "bench.events.raw";
    private static final String EVENT_ID_HEADER = "cohort-event-id";

    private final BenchSettings settings;
    private final PrintStream progress;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final String environment;
    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;
    private Outbox outbox;
    private final DatabaseTimers relayTimers = new DatabaseTimers();
    private JdbcTemplate relayJdbc;
    private TransactionTemplate relayTransactions;
    private RelaySettings relaySettings;
    private SchemaIds schemaIds;
    private RelayProducer relayProducer;
    private KafkaProducer<String, byte[]> rawProducer;
    private AvroSerializer<SpecificRecord> serializer;
    private Admin admin;

    private EventsBenchmark(BenchSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
        progress.println("starting PostgreSQL database, Kafka broker and schema registry...");
        long started = System.nanoTime();
        quietLogging();
        // Kafka's storage formatter prints to System.out: keep stdout for the table.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        try {
            environment = startInfrastructure();
            progress.printf("ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
        } catch (RuntimeException failure) {
            close();
            throw failure;
        } finally {
            System.setOut(stdout);
        }
    }

    private String startInfrastructure() {
        // The broker starts in the background while the registry starts here: together they take most of the setup.
        // Its own broker rather than InJvmKafka.shared(): closed here before the JVM exits, not in a shutdown hook
        // racing Kafka's own hook that deletes the broker's temporary directory.
        long start = System.nanoTime();
        CompletableFuture<InJvmKafka> kafkaStarting = CompletableFuture.supplyAsync(() -> {
            InJvmKafka broker = InJvmKafka.start(OptionalInt.empty());
            progress.printf("  Kafka broker up after %.1f s%n", (System.nanoTime() - start) / 1e9);
            return broker;
        });
        TestPostgres postgres = TestPostgres.shared();
        TestDatabase registryDatabase = postgres.createDatabase("bench_events_registry");
        progress.printf("  PostgreSQL (%s) up after %.1f s%n", postgres.mode().name().toLowerCase(),
                (System.nanoTime() - start) / 1e9);
        ConfigurableApplicationContext registry;
        try {
            registry = SchemaRegistryApplication.start(registryDatabase.jdbcUrl(), registryDatabase.username(),
                    registryDatabase.password(), 0);
        } finally {
            InJvmKafka broker = kafkaStarting.join();
            resources.add(broker);
        }
        resources.add(registry::close);
        progress.printf("  schema registry up after %.1f s%n", (System.nanoTime() - start) / 1e9);
        String registryUrl = SchemaRegistryApplication.url(registry);
        InJvmKafka kafka = kafkaStarting.join();
        kafka.createTopics(settings.partitions(), RELAY_TOPIC, RAW_TOPIC);

        TestDatabase database = postgres.createDatabase("bench_events");
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(database.jdbcUrl());
        pool.setUsername(database.username());
        pool.setPassword(database.password());
        pool.setMaximumPoolSize(10); // as services/identity
        pool.setPoolName("bench-events");
        dataSource = new HikariDataSource(pool);
        resources.add(dataSource::close);
        new OutboxSchema(dataSource).migrate();
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new org.springframework.jdbc.datasource.DataSourceTransactionManager(dataSource));
        outbox = new Outbox(jdbc);
        relayJdbc = relayTimers.jdbcTemplate(dataSource);
        relayTransactions = new TransactionTemplate(relayTimers.transactionManager(dataSource));

        // Production wiring: CohortEventsAutoConfiguration builds the relay's producer from KafkaClients.producer.
        CohortEventsProperties.Relay relay = new CohortEventsProperties.Relay(true, Duration.ofMillis(200),
                settings.relayBatch(), Duration.ofSeconds(15), Duration.ofSeconds(10), settings.relayWorkers());
        CohortEventsProperties properties = new CohortEventsProperties(kafka.bootstrapServers(), registryUrl, true,
                relay, new CohortEventsProperties.Consumer(5, Duration.ofMillis(200), Duration.ofSeconds(5)));
        relaySettings = new RelaySettings(relay.pollInterval(), relay.batchSize(), relay.sendTimeout(), relay.maxBackoff(),
                relay.workers());
        schemaIds = new SchemaIds(SchemaRegistryClient.shared(registryUrl), true);
        Map<String, Object> producerConfig = KafkaClients.producer(properties);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-relay");
        relayProducer = new RelayProducer(producerConfig);
        resources.add(relayProducer::shutdown);

        Map<String, Object> rawConfig = new HashMap<>(producerConfig);
        rawConfig.remove("schema.registry.url");
        rawConfig.remove("auto.register.schemas");
        rawConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-raw");
        rawConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        rawConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        rawProducer = new KafkaProducer<>(rawConfig);
        resources.add(() -> rawProducer.close(Duration.ofSeconds(5)));

        serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registryUrl, "auto.register.schemas", true), false);

        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "bench-offsets"));
        resources.add(() -> admin.close(Duration.ofSeconds(5)));

        return describeEnvironment(postgres);
    }

    /**
     * Only logback.xml (warnings and errors, on stderr) configures logging. Spring Boot, which would reconfigure it
     * when the registry starts (while the broker, starting in parallel, is logging), is told not to; it would also
     * route java.util.logging (Tomcat) to SLF4J, so that is done here. Logging is initialised on this thread before
     * any other thread logs.
     */
    private static void quietLogging() {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        LoggerFactory.getLogger(EventsBenchmark.class).debug("logging initialised");
    }

    /** Starts the servers and clients; close it to stop them. */
    public static EventsBenchmark start(BenchSettings settings, PrintStream progress) {
        return new EventsBenchmark(settings, progress);
    }

    public static void main(String[] args) {
        BenchSettings settings;
        try {
            settings = BenchSettings.fromArgs(args);
        } catch (IllegalArgumentException invalid) {
            System.err.println("events benchmark: " + invalid.getMessage());
            System.exit(2);
            return;
        }
        int status = 0;
        try (EventsBenchmark benchmark = start(settings, System.err)) {
            BenchReport report = benchmark.run();
            System.out.println();
            report.print(System.out);
            System.out.flush();
        } catch (Exception | AssertionError failure) {
            System.err.println("events benchmark failed: " + failure);
            failure.printStackTrace();
            status = 1;
        }
        // The benchmark closed the broker, registry and clients; the test kit drops its databases in a shutdown hook.
        System.exit(status);
    }

    /** Warm-up, then the measured runs (relay and raw alternating), then the latency probe. */
    public BenchReport run() {
        int n = settings.events();
        if (settings.warmup() > 0) {
            progress.printf("warm-up: %,d events each way%n", settings.warmup());
            List<UserRegistered> warmup = events(settings.warmup(), "warmup");
            relayRun(warmup);
            rawRun(warmup.stream().map(event -> serializer.serialize(RAW_TOPIC, event)).toList(), warmup);
        }
        List<UserRegistered> events = events(n, "bench");
        List<byte[]> wireBytes = events.stream().map(event -> serializer.serialize(RAW_TOPIC, event)).toList();
        double serializeMicros = microsPerEvent(events, event -> serializer.serialize(RAW_TOPIC, event));
        List<byte[]> payloads = events.stream().map(EventsBenchmark::outboxPayload).toList();
        int schemaId = schemaIds.idFor(RELAY_TOPIC, UserRegistered.getClassSchema());
        double frameMicros = microsPerEvent(payloads, payload -> WireFormat.frame(schemaId, payload));
        List<BenchReport.RelayRun> relayRuns = new ArrayList<>();
        List<BenchReport.Run> rawRuns = new ArrayList<>();
        for (int run = 1; run <= settings.runs(); run++) {
            BenchReport.RelayRun relay = relayRun(events);
            relayRuns.add(relay);
            BenchReport.Run raw = rawRun(wireBytes, events);
            rawRuns.add(raw);
            progress.printf("run %d/%d: insert %,.0f events/s, relay %,.0f events/s (DB claim %,.0f ms, commit %,.0f ms;"
                            + " Kafka flush %,.0f ms), raw %,.0f events/s%n", run, settings.runs(), relay.insertRate(),
                    relay.run().rate(), relay.databaseMillis("claim (delete returning)"), relay.databaseMillis("commit"),
                    relay.flushNanos() / 1e6, raw.rate());
        }
        BenchReport.Latency latency = settings.trickle() > 0 ? trickle() : null;
        return new BenchReport(settings, environment, relayRuns, rawRuns, latency, serializeMicros, frameMicros);
    }

    /** Inserts the events into an empty outbox (timed apart), then times the relay until every row is sent. */
    private BenchReport.RelayRun relayRun(List<UserRegistered> events) {
        int n = events.size();
        jdbc.execute("truncate cohort_events.outbox");
        long insertStart = System.nanoTime();
        for (int from = 0; from < n; from += settings.insertBatch()) {
            List<UserRegistered> chunk = events.subList(from, Math.min(n, from + settings.insertBatch()));
            transactions.executeWithoutResult(status -> chunk.forEach(event -> outbox.append(RELAY_TOPIC, event)));
        }
        long insertNanos = System.nanoTime() - insertStart;
        // Statistics as they are when the relay starts on this backlog (autovacuum would get there at some point).
        jdbc.execute("analyze cohort_events.outbox");
        String plan = pendingQueryPlan();

        long offsetsBefore = endOffsets(RELAY_TOPIC);
        settle();
        relayProducer.resetCounters();
        relayTimers.reset();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxRelay relay = relay();
        relay.bindMetrics(meters);
        FunctionCounter published = meters.get("cohort.outbox.published").functionCounter();
        long deadline = System.nanoTime() + timeoutNanos(n);
        long start = System.nanoTime();
        relay.start();
        while (published.count() < n) {
            if (System.nanoTime() > deadline) {
                relay.close();
                throw new AssertionError("relay published " + (long) published.count() + " of " + n + " rows in time");
            }
            LockSupport.parkNanos(200_000);
        }
        long elapsed = System.nanoTime() - start;
        relay.close();
        long pending = relay.pendingCount();
        if (pending != 0) {
            throw new AssertionError(pending + " outbox rows still pending after the relay reported all published");
        }
        long delivered = endOffsets(RELAY_TOPIC) - offsetsBefore;
        checkDelivered("relay", n, delivered, relayProducer.acknowledged(), relayProducer.failed());
        return new BenchReport.RelayRun(new BenchReport.Run(n, elapsed, delivered), insertNanos,
                relayProducer.sendNanos(), relayProducer.flushNanos(), relayProducer.flushes(), relayTimers.snapshot(),
                plan);
    }

    /** The relay as production builds it. */
    private OutboxRelay relay() {
        return new OutboxRelay(relayJdbc, relayTransactions, relayProducer, schemaIds, relaySettings);
    }

    /** How PostgreSQL plans the relay's pending-rows query right now (the scan it chooses). */
    private String pendingQueryPlan() {
        List<String> plan = jdbc.queryForList("explain select id from cohort_events.outbox where partition_no = 0 "
                + "order by id limit " + settings.relayBatch(), String.class);
        return plan.stream().filter(line -> line.contains("Scan")).findFirst()
                .map(line -> line.replaceAll("^[\\s>-]+", "").replaceAll("\\s+\\(cost=.*$", ""))
                .orElse(plan.isEmpty() ? "?" : plan.get(0));
    }

    /** Sends the pre-serialized records and flushes: the producer's own limit for these records and settings. */
    private BenchReport.Run rawRun(List<byte[]> wireBytes, List<UserRegistered> events) {
        int n = wireBytes.size();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            EventMetadata metadata = events.get(i).getMetadata();
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(RAW_TOPIC, metadata.getAggregateId(), wireBytes.get(i));
            record.headers().add(new RecordHeader(EVENT_ID_HEADER,
                    metadata.getEventId().toString().getBytes(StandardCharsets.UTF_8)));
            records.add(record);
        }
        long offsetsBefore = endOffsets(RAW_TOPIC);
        settle();
        LongAdder acknowledged = new LongAdder();
        LongAdder failed = new LongAdder();
        Callback callback = (metadata, exception) -> (exception == null ? acknowledged : failed).increment();
        long start = System.nanoTime();
        for (ProducerRecord<String, byte[]> record : records) {
            rawProducer.send(record, callback);
        }
        rawProducer.flush();
        long elapsed = System.nanoTime() - start;
        long delivered = endOffsets(RAW_TOPIC) - offsetsBefore;
        checkDelivered("raw producer", n, delivered, acknowledged.sum(), failed.sum());
        return new BenchReport.Run(n, elapsed, delivered);
    }

    /**
     * Single-row transactions at a steady rate while the relay runs in the background with production settings:
     * the time from each commit to Kafka's acknowledgement of that event.
     */
    private BenchReport.Latency trickle() {
        int count = settings.trickle();
        progress.printf("latency probe: %d single-row transactions at %d/s%n", count, settings.trickleRate());
        jdbc.execute("truncate cohort_events.outbox");
        Map<String, Long> committed = new ConcurrentHashMap<>();
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        relayProducer.listener((eventId, nanoTime) -> acknowledged.put(eventId, nanoTime));
        OutboxRelay relay = relay();
        // As production wires it: the relay is woken by every commit that appends (LISTEN/NOTIFY).
        OutboxWakeups wakeups = new OutboxWakeups(dataSource, relay::wake, relaySettings.maxBackoff());
        try {
            relay.start();
            wakeups.start();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500)); // let it reach its idle wait
            long interval = TimeUnit.SECONDS.toNanos(1) / settings.trickleRate();
            long next = System.nanoTime();
            for (UserRegistered event : events(count, "trickle")) {
                transactions.executeWithoutResult(status -> outbox.append(RELAY_TOPIC, event));
                committed.put(event.getMetadata().getEventId().toString(), System.nanoTime());
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!acknowledged.keySet().containsAll(committed.keySet())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("latency probe: only " + acknowledged.size() + " of " + count + " acknowledged");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        } finally {
            wakeups.close();
            relay.close();
            relayProducer.listener(null);
        }
        double[] millis = committed.entrySet().stream()
                .mapToDouble(entry -> Math.max(0, acknowledged.get(entry.getKey()) - entry.getValue()) / 1e6)
                .sorted().toArray();
        return new BenchReport.Latency(count, settings.trickleRate(), percentile(millis, 0.50), percentile(millis, 0.99),
                millis[millis.length - 1], relaySettings.pollInterval());
    }

    /**
     * Microseconds per item of {@code work}, timed apart from the runs: the fastest of five passes over the items
     * (the first passes warm up; the minimum is the least disturbed by anything else on the machine).
     */
    private static <T> double microsPerEvent(List<T> items, java.util.function.Function<T, ?> work) {
        long best = Long.MAX_VALUE;
        int sink = 0;
        for (int pass = 0; pass < 5; pass++) {
            long start = System.nanoTime();
            for (T item : items) {
                sink += work.apply(item).hashCode() & 1;
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        return best / 1_000.0 / items.size() + (sink < 0 ? 1 : 0);
    }

    /** The bytes Outbox.append stores: plain Avro binary of the record's own schema. */
    private static byte[] outboxPayload(UserRegistered event) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
            new SpecificDatumWriter<>(UserRegistered.class).write(event, encoder);
            encoder.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Events as identity writes them: a new user each, so rows spread over every outbox and Kafka partition. */
    static List<UserRegistered> events(int count, String label) {
        List<UserRegistered> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String userId = UUID.randomUUID().toString();
            events.add(UserRegistered.newBuilder()
                    .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                            .setAggregateId(userId).setProducer("bench-events").build())
                    .setUserId(userId).setEmail(userId + "@example.org").setDisplayName(label + " user " + i)
                    .setRoles(List.of("ROLE_STUDENT"))
                    .build());
        }
        return events;
    }

    /** Before each timed section: collect the previous section's garbage and let background work (WAL, log flush) pass. */
    private static void settle() {
        System.gc();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
    }

    /** Records in {@code topic} so far: the sum of its partitions' end offsets. */
    private long endOffsets(String topic) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < settings.partitions(); partition++) {
                latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        } catch (ExecutionException | TimeoutException failed) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, failed);
        }
    }

    private static void checkDelivered(String path, int expected, long delivered, long acknowledged, long failed) {
        if (failed > 0 || acknowledged < expected || delivered < expected) {
            throw new AssertionError(path + ": " + expected + " events, " + acknowledged + " acknowledged, " + failed
                    + " failed, " + delivered + " appended to the topic");
        }
    }

    private static long timeoutNanos(int events) {
        return TimeUnit.SECONDS.toNanos(60) + TimeUnit.MILLISECONDS.toNanos(events); // a generous 1 ms per event
    }

    static double percentile(double[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private String describeEnvironment(TestPostgres postgres) {
        String version = jdbc.queryForObject("show server_version", String.class);
        String synchronousCommit = jdbc.queryForObject("show synchronous_commit", String.class);
        String fsync = jdbc.queryForObject("show fsync", String.class);
        return String.format("PostgreSQL %s (%s, fsync=%s, synchronous_commit=%s); Kafka %s in-JVM single broker, "
                        + "topics with %d partitions; relay batch %d, relay workers %d, outbox partitions %d; %d cores, Java %s",
                version.split(" ")[0], postgres.mode().name().toLowerCase(), fsync, synchronousCommit,
                AppInfoParser.getVersion(), settings.partitions(), settings.relayBatch(), settings.relayWorkers(),
                Outbox.PARTITIONS,
                Runtime.getRuntime().availableProcessors(), Runtime.version().feature());
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception failure) {
                progress.println("could not close cleanly: " + failure);
            }
        }
        resources.clear();
    }
}
