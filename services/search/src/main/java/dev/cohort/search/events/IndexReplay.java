package dev.cohort.search.events;

import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsProperties;
import dev.cohort.events.config.KafkaClients;
import dev.cohort.search.app.DocumentReplay;
import dev.cohort.search.app.ReindexProgress;
import dev.cohort.search.domain.Kind;
import dev.cohort.search.store.IndexRebuild;
import dev.cohort.search.store.IndexWrites;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reindex over Kafka: reads a kind's topics from the beginning with a consumer of its own (assigned, no group, no
 * commits), applies the document events to the staging table with the live consumers' own mapping, and swaps.
 *
 * <p>Why nothing is lost at the swap: the last catch-up runs while the live index's writes are held (searches go
 * on), to end offsets read after the hold began. Any event a live consumer applied before the hold was already in
 * Kafka below those offsets, so the rebuild has it too; any event applied after the swap lands on the new rows,
 * with the same guards (event time, idempotent deletes) as always.
 */
public class IndexReplay implements DocumentReplay {

    private static final Duration POLL = Duration.ofMillis(200);

    private final CohortEventsProperties properties;
    private final IndexRebuild rebuild;
    private final IndexWrites staging;
    private final TransactionTemplate transactions;
    private final ChatMessages chat;
    private final CourseCatalog courses;
    private final People people;

    public IndexReplay(CohortEventsProperties properties, IndexRebuild rebuild, IndexWrites staging,
                       TransactionTemplate transactions, ChatMessages chat, CourseCatalog courses, People people) {
        this.properties = properties;
        this.rebuild = rebuild;
        this.staging = staging;
        this.transactions = transactions;
        this.chat = chat;
        this.courses = courses;
        this.people = people;
    }

    @Override
    public void rebuild(Kind kind, Consumer<ReindexProgress> progress) {
        List<String> topics = switch (kind) {
            case MESSAGE -> List.of(Topics.CHAT_MESSAGES);
            case COURSE -> List.of(Topics.COURSE_CATALOG);
            case PERSON -> List.of(Topics.IDENTITY_USERS, Topics.PROFILE_PROFILES);
        };
        BiConsumer<SpecificRecord, IndexWrites> document = switch (kind) {
            case MESSAGE -> chat::document;
            case COURSE -> courses::document;
            case PERSON -> people::document;
        };
        transactions.executeWithoutResult(status -> rebuild.clear(kind));
        Map<String, Object> config = new HashMap<>(KafkaClients.consumer(properties, "search-reindex"));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long[] read = {0};
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = topics.stream().flatMap(topic -> consumer.partitionsFor(topic).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition()))).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            catchUp(consumer, partitions, kind, document, read, progress);
            long[] indexed = {0};
            transactions.executeWithoutResult(status -> {
                rebuild.holdLiveWrites();
                catchUp(consumer, partitions, kind, document, read, progress);
                indexed[0] = rebuild.swap(kind);
            });
            progress.accept(new ReindexProgress(read[0], indexed[0], true));
        }
    }

    private void catchUp(KafkaConsumer<String, SpecificRecord> consumer, List<TopicPartition> partitions, Kind kind,
                         BiConsumer<SpecificRecord, IndexWrites> document, long[] read,
                         Consumer<ReindexProgress> progress) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
            ConsumerRecords<String, SpecificRecord> records = consumer.poll(POLL);
            if (records.isEmpty()) {
                continue;
            }
            // Joins the caller's transaction during the final catch-up; one transaction per batch before it.
            transactions.executeWithoutResult(status -> {
                for (ConsumerRecord<String, SpecificRecord> record : records) {
                    // An undecodable record (null) was dead-lettered by the live consumers too.
                    if (record.value() != null) {
                        document.accept(record.value(), staging);
                    }
                }
            });
            read[0] += records.count();
            progress.accept(new ReindexProgress(read[0], rebuild.staged(kind), false));
        }
    }
}
