package dev.cohort.bench.search;

import dev.cohort.events.Topics;
import dev.cohort.events.chat.ConversationKind;
import dev.cohort.events.chat.MessagePosted;
import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.serde.AvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Index lag under a sustained rate: chat's {@code MessagePosted} events, as chat's relay would publish them (Avro
 * through the registry, keyed by conversation), {@code rate} per second in ticks of 10 ms, each stamped with the
 * moment it is sent; the service's real consumer indexes them and records the lag in its own timer. Beside it, in
 * the same pass, a bare consumer of the same topic with no database: the broker's own lag, the floor of the
 * consumer's.
 */
final class IndexLagPass implements AutoCloseable {

    /** The lags of one pass, in milliseconds: the service's (by bucket) and the broker's alone. */
    record Figures(long sent, LagHistogram.Figures service, long[] brokerMillis, double achievedRate) {

        double brokerPercentile(double percentile) {
            long[] sorted = brokerMillis.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    private final Corpus corpus;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final String bootstrapServers;

    IndexLagPass(Corpus corpus, String bootstrapServers, String registryUrl) {
        this.corpus = corpus;
        this.bootstrapServers = bootstrapServers;
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(Map.of("schema.registry.url", registryUrl), false);
        this.producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 1, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), values);
    }

    /**
     * Publishes {@code rate} messages a second for {@code duration}, then waits (at most 60 s) until the service
     * has recorded every one of them as searchable.
     */
    Figures run(int rate, Duration duration, long seed, LagHistogram lag) {
        LagHistogram.Counts before = lag.counts();
        SplittableRandom random = new SplittableRandom(seed);
        BrokerWatch broker = new BrokerWatch(bootstrapServers);
        Thread watching = new Thread(broker, "bench-broker-watch");
        watching.start();
        long sent = 0;
        long started = System.nanoTime();
        long ticks = duration.toMillis() / 10;
        for (long tick = 0; tick < ticks; tick++) {
            long due = started + tick * 10_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            // The messages due by the end of this tick (rate need not be a multiple of 100).
            long dueByNow = (tick + 1) * rate / 100;
            for (; sent < dueByNow; sent++) {
                send(random);
            }
        }
        producer.flush();
        double achieved = sent / ((System.nanoTime() - started) / 1e9);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        LongSupplier applied = () -> lag.counts().total() - before.total();
        while (applied.getAsLong() < sent && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        broker.stop();
        try {
            watching.join(10_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        if (applied.getAsLong() < sent) {
            System.err.printf("index lag: only %,d of %,d messages were indexed within 60 s of the last send%n",
                    applied.getAsLong(), sent);
        }
        return new Figures(sent, lag.counts().since(before), broker.lags(), achieved);
    }

    private void send(SplittableRandom random) {
        int c = random.nextInt(corpus.conversations.length);
        long sequence;
        synchronized (corpus) {
            sequence = ++corpus.nextSequence[c];
        }
        UUID conversation = corpus.conversations[c];
        Instant now = Instant.now();
        MessagePosted posted = MessagePosted.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now)
                        .setAggregateId(conversation.toString()).setProducer("chat").setTraceparent(null).build())
                .setConversationId(conversation.toString()).setConversationKind(ConversationKind.CHANNEL)
                .setMessageId(UUID.randomUUID().toString()).setSequence(sequence)
                .setAuthorUserId(corpus.users[corpus.members[c][random.nextInt(corpus.members[c].length)]].toString())
                .setText(corpus.vocabulary.sentence(random, 6, 24)).setMentions(List.of())
                .setThreadRootMessageId(null).build();
        producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES, conversation.toString(), posted));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** A consumer of chat's topic that only notes how long each record took to arrive (its own position: the end). */
    private static final class BrokerWatch implements Runnable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Long> lags = new ArrayList<>();

        BrokerWatch(String bootstrapServers) {
            consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers, "enable.auto.commit", false),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHAT_MESSAGES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        @Override
        public void run() {
            try {
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        lags.add(Math.max(0, System.currentTimeMillis() - record.timestamp()));
                    }
                }
            } finally {
                consumer.close();
            }
        }

        void stop() {
            running.set(false);
        }

        long[] lags() {
            return lags.stream().mapToLong(Long::longValue).toArray();
        }
    }
}
