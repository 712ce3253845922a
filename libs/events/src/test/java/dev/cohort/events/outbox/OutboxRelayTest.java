package dev.cohort.events.outbox;

import static dev.cohort.events.EventsTestInfrastructure.event;
import static dev.cohort.events.EventsTestInfrastructure.readUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohort.events.EventsTestInfrastructure;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.serde.AvroDeserializer;
import dev.cohort.events.serde.SchemaIds;
import dev.cohort.events.serde.SchemaRegistryClient;
import dev.cohort.testkit.TestDatabase;
import dev.cohort.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxRelayTest {

    TestDatabase database;
    org.springframework.jdbc.datasource.DriverManagerDataSource dataSource;
    JdbcTemplate jdbc;
    TransactionTemplate transactions;
    Outbox outbox;
    AvroDeserializer deserializer;

    @BeforeAll
    void setUp() {
        database = TestPostgres.shared().createDatabase("outbox_relay");
        dataSource = new org.springframework.jdbc.datasource.DriverManagerDataSource(database.jdbcUrl(),
                database.username(), database.password());
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        new OutboxSchema(dataSource).migrate();
        outbox = new Outbox(jdbc);
        jdbc.execute("create table applied (event_id uuid primary key, times int not null)");
        deserializer = new AvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", EventsTestInfrastructure.registryUrl()), false);
    }

    @AfterAll
    void tearDown() {
        deserializer.close();
    }

    Producer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", EventsTestInfrastructure.bootstrapServers(),
                "acks", "all", "enable.idempotence", true), new StringSerializer(), new ByteArraySerializer());
    }

    static SchemaIds schemaIds() {
        return new SchemaIds(SchemaRegistryClient.shared(EventsTestInfrastructure.registryUrl()), true);
    }

    OutboxRelay relay() {
        return relay(transactions, RelaySettings.defaults());
    }

    OutboxRelay relay(TransactionTemplate transactions, RelaySettings settings) {
        return new OutboxRelay(jdbc, transactions, producer(), schemaIds(), settings);
    }

    int unpublished(String topic) {
        return jdbc.queryForObject("select count(*) from cohort_events.outbox where topic = ?", Integer.class, topic);
    }

    void appendInOwnTransaction(String topic, UserRegistered event) {
        transactions.executeWithoutResult(status -> outbox.append(topic, event));
    }

    static String topic() {
        return "test.outbox." + UUID.randomUUID();
    }

    List<UserRegistered> decoded(List<ConsumerRecord<String, byte[]>> records, String topic) {
        return records.stream().map(r -> (UserRegistered) deserializer.deserialize(topic, r.value())).toList();
    }

    @Test
    void refusesToWriteOutsideATransaction() {
        assertThatThrownBy(() -> outbox.append(topic(), event("u-1", "x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
    }

    @Test
    void aRolledBackChangeLeavesNoEvent() {
        String userId = UUID.randomUUID().toString();
        transactions.executeWithoutResult(status -> {
            outbox.append(topic(), event(userId, "rolled back"));
            status.setRollbackOnly();
        });

        assertThat(jdbc.queryForObject("select count(*) from cohort_events.outbox where record_key = ?", Integer.class, userId)).isZero();
    }

    @Test
    void aPayloadOfSomeKilobytesIsStoredInlineAndUncompressed() {
        String userId = UUID.randomUUID().toString();
        // Compressible like a member list of UUIDs, and well past PostgreSQL's usual 2 kB TOAST threshold.
        transactions.executeWithoutResult(status -> outbox.append(topic(), event(userId, "x".repeat(5000))));

        var stored = jdbc.queryForMap("select pg_column_compression(payload) as compression, "
                + "pg_column_size(payload) as size, octet_length(payload) as length "
                + "from cohort_events.outbox where record_key = ?", userId);
        assertThat(stored.get("compression")).as("not compressed").isNull();
        assertThat(((Number) stored.get("size")).intValue()).isGreaterThanOrEqualTo(
                ((Number) stored.get("length")).intValue()).isGreaterThan(5000);
    }

    @Test
    void publishesEveryEventInOrderPerKey() {
        String topic = topic();
        List<String> keys = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
        for (int i = 0; i < 30; i++) {
            appendInOwnTransaction(topic, event(keys.get(i % 3), "n" + i));
        }
        try (OutboxRelay relay = relay()) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                relay.publishPending();
                return unpublished(topic) == 0;
            });
        }

        List<UserRegistered> events = decoded(readUntil(topic, seen -> seen.size() >= 30), topic);

        for (String key : keys) {
            List<Integer> order = events.stream().filter(e -> e.getUserId().equals(key))
                    .map(e -> Integer.parseInt(e.getDisplayName().substring(1))).toList();
            assertThat(order).hasSize(10).isSorted();
        }
    }

    @Test
    void aRelayThatDiesBeforeCommittingRepublishesAndTheConsumerAppliesOnce() {
        String topic = topic();
        List<UserRegistered> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UserRegistered event = event(UUID.randomUUID().toString(), "crash-" + i);
            written.add(event);
            appendInOwnTransaction(topic, event);
        }
        // The database connection is lost at the commit that would have made the claim final, after Kafka acknowledged.
        AtomicBoolean crashed = new AtomicBoolean();
        DataSourceTransactionManager crashingAtCommit = new DataSourceTransactionManager(dataSource) {
            @Override
            protected void doCommit(org.springframework.transaction.support.DefaultTransactionStatus status) {
                if (crashed.compareAndSet(false, true)) {
                    throw new IllegalStateException("simulated crash before commit"); // Spring rolls back
                }
                super.doCommit(status);
            }
        };
        try (OutboxRelay crashing = relay(new TransactionTemplate(crashingAtCommit), RelaySettings.defaults())) {
            assertThatThrownBy(crashing::publishPending).hasMessageContaining("simulated crash");
        }
        assertThat(unpublished(topic)).as("the claim rolled back").isEqualTo(5);
        try (OutboxRelay relay = relay()) {
            relay.publishPending();
        }

        // The "crash" hit after Kafka acknowledged the rows: they come twice.
        List<ConsumerRecord<String, byte[]>> records = readUntil(topic, seen -> seen.size() > written.size()
                && decoded(seen, topic).stream().map(e -> e.getMetadata().getEventId()).distinct().count() == written.size());
        List<UserRegistered> delivered = decoded(records, topic);
        ProcessedEvents processed = new ProcessedEvents(jdbc, transactions);
        for (UserRegistered event : delivered) {
            String eventId = event.getMetadata().getEventId().toString();
            processed.applyOnce("test-consumer", eventId, () -> jdbc.update(
                    "insert into applied (event_id, times) values (?::uuid, 1) "
                            + "on conflict (event_id) do update set times = applied.times + 1", eventId));
        }

        assertThat(delivered.size()).as("some events were delivered twice").isGreaterThan(written.size());
        for (UserRegistered event : written) {
            assertThat(jdbc.queryForObject("select times from applied where event_id = ?::uuid", Integer.class,
                    event.getMetadata().getEventId().toString())).as("applied once").isEqualTo(1);
        }
    }

    @Test
    void oneRelayRunningEveryPartitionAsItsOwnRoundKeepsOrderPerKey() {
        String topic = topic();
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            keys.add(UUID.randomUUID().toString());
        }
        RelaySettings eightRounds = new RelaySettings(Duration.ofMillis(200), 5, Duration.ofSeconds(15),
                Duration.ofSeconds(10), Outbox.PARTITIONS);
        // Small batches so that each partition takes several rounds (ten events a key, five a batch), run by
        // whichever worker holds it at the time.
        try (OutboxRelay relay = relay(transactions, eightRounds)) {
            relay.start();
            for (int i = 0; i < 160; i++) {
                appendInOwnTransaction(topic, event(keys.get(i % keys.size()), "n" + i));
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(topic) == 0);
        }

        List<UserRegistered> events = decoded(readUntil(topic, seen -> seen.size() >= 160), topic);

        assertThat(events).hasSize(160);
        Map<String, List<Integer>> perKey = new LinkedHashMap<>();
        events.forEach(e -> perKey.computeIfAbsent(e.getUserId(), k -> new ArrayList<>())
                .add(Integer.parseInt(e.getDisplayName().substring(1))));
        assertThat(perKey).hasSize(16).allSatisfy((key, order) -> assertThat(order).hasSize(10).isSorted());
    }

    @Test
    void relaySettingsRefuseMoreWorkersThanPartitions() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RelaySettings(Duration.ofMillis(200), 500,
                Duration.ofSeconds(15), Duration.ofSeconds(10), Outbox.PARTITIONS + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
    }

    @Test
    void twoRelayReplicasShareTheWorkAndKeepOrderPerKey() {
        String topic = topic();
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            keys.add(UUID.randomUUID().toString());
        }
        try (OutboxRelay first = relay(); OutboxRelay second = relay()) {
            first.start();
            second.start();
            for (int i = 0; i < 120; i++) {
                appendInOwnTransaction(topic, event(keys.get(i % keys.size()), "n" + i));
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(topic) == 0);
        }

        List<UserRegistered> events = decoded(readUntil(topic, seen -> seen.size() >= 120), topic);

        assertThat(events).hasSize(120);
        Map<String, List<Integer>> perKey = new LinkedHashMap<>();
        events.forEach(e -> perKey.computeIfAbsent(e.getUserId(), k -> new ArrayList<>())
                .add(Integer.parseInt(e.getDisplayName().substring(1))));
        assertThat(perKey).hasSize(8).allSatisfy((key, order) -> assertThat(order).hasSize(15).isSorted());
    }

    @Test
    void exposesLagAndBacklogAsMetrics() {
        String topic = topic();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (OutboxRelay relay = relay()) {
            relay.publishPending();
            relay.bindMetrics(meters);
            appendInOwnTransaction(topic, event(UUID.randomUUID().toString(), "lagging"));

            assertThat(meters.get("cohort.outbox.pending").gauge().value()).isGreaterThanOrEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("cohort.outbox.lag").gauge().value() > 0);

            relay.publishPending();

            assertThat(meters.get("cohort.outbox.pending").gauge().value()).isZero();
            assertThat(meters.get("cohort.outbox.lag").gauge().value()).isZero();
        }
    }

    @Test
    void aCommitWakesTheRelayLongBeforeItsNextPoll() {
        String topic = topic();
        RelaySettings pollingRarely = new RelaySettings(Duration.ofMinutes(5), 500, Duration.ofSeconds(15),
                Duration.ofMinutes(5));
        try (OutboxRelay relay = relay(transactions, pollingRarely);
             OutboxWakeups wakeups = new OutboxWakeups(dataSource, relay::wake, Duration.ofSeconds(1))) {
            relay.start();
            wakeups.start();
            // The relay's first round finds nothing (or other tests' rows) and then waits up to five minutes.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "select count(*) from pg_stat_activity where datname = current_database() and query = 'listen "
                            + OutboxWakeups.CHANNEL + "'",
                    Integer.class) > 0);

            appendInOwnTransaction(topic, event(UUID.randomUUID().toString(), "woken"));

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(topic) == 0);
        }
        assertThat(decoded(readUntil(topic, seen -> !seen.isEmpty()), topic))
                .extracting(UserRegistered::getDisplayName).containsExactly("woken");
    }

    @Test
    void publishedRowsLeaveTheOutbox() {
        String topic = topic();
        appendInOwnTransaction(topic, event(UUID.randomUUID().toString(), "gone"));
        try (OutboxRelay relay = relay()) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                relay.publishPending();
                return unpublished(topic) == 0;
            });
        }
        assertThat(decoded(readUntil(topic, seen -> !seen.isEmpty()), topic)).hasSize(1);
    }
}
