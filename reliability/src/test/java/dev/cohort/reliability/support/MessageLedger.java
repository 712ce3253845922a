package dev.cohort.reliability.support;

import dev.cohort.events.chat.MessagePosted;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.outbox.OutboxSchema;
import dev.cohort.events.serde.AvroDeserializer;
import dev.cohort.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A downstream consumer of chat's {@code cohort.chat.messages}, as another service would write one: it keeps a
 * ledger of posted messages in its own database and applies each event once through the platform's
 * {@link ProcessedEvents} (the event id recorded in the same transaction as the effect), committing Kafka offsets
 * only after applying. The ledger table has no unique key, so a duplicate the consumer let through would show as a
 * second row. It also counts raw deliveries per event id, to see how often the relay published one twice.
 */
public final class MessageLedger implements AutoCloseable {

    static final String CONSUMER = "reliability-message-ledger";
    static final String TOPIC = "cohort.chat.messages";

    private final JdbcTemplate jdbc;
    private final JdbcTemplate writes;
    private final ProcessedEvents processed;
    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final Thread loop;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    public MessageLedger(TestDatabase database, String kafka, String registryUrl) {
        new OutboxSchema(database.dataSource()).migrate();
        // The consumer thread keeps one connection, as a pooled service would; the test's reads open their own.
        SingleConnectionDataSource consumerConnection = new SingleConnectionDataSource(database.jdbcUrl(),
                database.username(), database.password(), true);
        writes = new JdbcTemplate(consumerConnection);
        writes.execute("create table if not exists ledger (message_id uuid not null, conversation_id uuid not null, "
                + "sequence bigint not null)");
        processed = new ProcessedEvents(writes,
                new TransactionTemplate(new DataSourceTransactionManager(consumerConnection)));
        jdbc = new JdbcTemplate(database.dataSource());
        AvroDeserializer values = new AvroDeserializer();
        values.configure(Map.of("schema.registry.url", registryUrl), false);
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "reliability-ledger-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1_000), new StringDeserializer(), values);
        consumer.subscribe(List.of(TOPIC));
        loop = new Thread(this::consume, "reliability-message-ledger");
        loop.setDaemon(true);
        loop.start();
    }

    private void consume() {
        try {
            while (running) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(100))) {
                    records.incrementAndGet();
                    if (record.value() instanceof MessagePosted posted) {
                        String eventId = posted.getMetadata().getEventId().toString();
                        deliveries.computeIfAbsent(eventId, id -> new AtomicInteger()).incrementAndGet();
                        processed.applyOnce(CONSUMER, eventId, () -> writes.update(
                                "insert into ledger (message_id, conversation_id, sequence) values (?::uuid, ?::uuid, ?)",
                                posted.getMessageId(), posted.getConversationId(), posted.getSequence()));
                    }
                }
                consumer.commitSync();
            }
        } catch (RuntimeException failed) {
            if (running) {
                failure = failed;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The ledger's rows of these conversations: {@code message id -> conversation:sequence}, one per row. */
    public List<String> rowsOf(Set<UUID> conversations) {
        rethrow();
        return jdbc.queryForList("select message_id || ' ' || conversation_id || ':' || sequence from ledger "
                + "where conversation_id = any(?) order by 1", String.class, (Object) conversations.toArray(UUID[]::new));
    }

    public int countOf(Set<UUID> conversations) {
        rethrow();
        Integer count = jdbc.queryForObject("select count(*) from ledger where conversation_id = any(?)",
                Integer.class, (Object) conversations.toArray(UUID[]::new));
        return count == null ? 0 : count;
    }

    /** How many MessagePosted events arrived more than once (the relay published them again after a crash). */
    public long eventsDeliveredMoreThanOnce() {
        return deliveries.values().stream().filter(count -> count.get() > 1).count();
    }

    /** MessagePosted deliveries in all, duplicates included. */
    public long deliveries() {
        return deliveries.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    private void rethrow() {
        if (failure != null) {
            throw new IllegalStateException("the ledger's consumer failed", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        loop.join(10_000);
    }
}
