package dev.cohort.reliability.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.chat.v1.GetConversationRequest;
import dev.cohort.chat.v1.Member;
import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.consumer.DeadLetterReplay;
import dev.cohort.events.consumer.DeadLetterRouting;
import dev.cohort.events.group.GroupCreated;
import dev.cohort.events.group.GroupVisibility;
import dev.cohort.events.serde.AvroSerializer;
import dev.cohort.kafka.broker.TopicReader;
import dev.cohort.reliability.support.ChatClient;
import dev.cohort.reliability.support.ChatDatabase;
import dev.cohort.reliability.support.Deadline;
import dev.cohort.reliability.support.ReliabilityPlatform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Scenario 3: a poison event. The running chat process consumes the group service's events; one GroupCreated cannot
 * be applied (a fault injected into chat's database refuses that one group's conversation, as a defect or a bad
 * row would, on every attempt). Chat retries it in place, parks it in {@code cohort.group.groups.dlq} and moves on:
 * a later event on the same partition is applied. Once the fault is gone, {@link DeadLetterReplay} puts the parked
 * event back and chat applies it, once, however often it is replayed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonEventReplayTest {

    static final String TOPIC = "cohort.group.groups";
    static final String CHAT_CONSUMER = "chat-group-membership";
    static final String FAULT = "reliability_refuse_group";

    ReliabilityPlatform platform;
    ChatDatabase database;
    KafkaProducer<String, SpecificRecord> producer;
    int partitions;

    @BeforeAll
    void start() {
        platform = ReliabilityPlatform.get();
        platform.chat();
        database = new ChatDatabase(platform.chatDeployment().database());
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(Map.of("schema.registry.url", platform.registryUrl()), false);
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", platform.kafka(), "acks", "all"),
                new StringSerializer(), values);
        partitions = producer.partitionsFor(TOPIC).size();
    }

    @AfterAll
    void stop() {
        producer.close();
    }

    @Test
    void aPoisonEventIsParkedWithoutBlockingItsPartitionAndAppliedOnceWhenReplayed() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        UUID poisonGroup = UUID.randomUUID();
        int partition = partitionOf(poisonGroup);
        UUID laterGroup = groupOnPartition(partition);
        GroupCreated poison = created(poisonGroup, owner, List.of(owner, member));
        String poisonId = poison.getMetadata().getEventId().toString();

        refuseConversationOf(poisonGroup);
        long published;
        long laterAppliedAfterMillis;
        try {
            published = System.nanoTime();
            publish(poison);
            publish(created(laterGroup, UUID.randomUUID(), List.of()));
            Deadline.await("the later event on partition " + partition + " to be applied", Duration.ofSeconds(60),
                    () -> conversationsOfGroup(laterGroup) == 1);
            laterAppliedAfterMillis = (System.nanoTime() - published) / 1_000_000;
            ConsumerRecord<String, byte[]> parked = TopicReader.readUntil(platform.kafka(),
                    DeadLetterRouting.deadLetterTopicOf(TOPIC), seen -> seen.stream().anyMatch(r -> isEvent(r, poisonId)),
                    Duration.ofSeconds(30)).stream().filter(r -> isEvent(r, poisonId)).findFirst().orElseThrow();
            assertThat(header(parked, DeadLetterRouting.REASON_HEADER)).contains("injected fault");
            assertThat(parked.partition()).isNotNegative();
            assertThat(conversationsOfGroup(poisonGroup)).isZero();
            assertThat(timesApplied(poisonId)).isZero();
        } finally {
            removeFault(); // the fix is deployed
        }

        DeadLetterReplay replay = new DeadLetterReplay(platform.kafka());
        assertThat(replay.replay(TOPIC, DeadLetterReplay.withEventIds(Set.of(poisonId)), Duration.ofSeconds(30)))
                .extracting(DeadLetterReplay.Replayed::eventId).containsExactly(poisonId);
        Deadline.await("the replayed event to be applied", Duration.ofSeconds(60),
                () -> conversationsOfGroup(poisonGroup) == 1);
        UUID conversation = database.jdbc().queryForObject("select id from conversations where group_id = ?",
                UUID.class, poisonGroup);
        try (ChatClient client = new ChatClient(platform.chat().port(),
                platform.identity().tokens().token(member.toString(), "STUDENT"))) {
            assertThat(client.blocking().getConversation(GetConversationRequest.newBuilder()
                    .setConversationId(conversation.toString()).build()).getConversation().getMembersList())
                    .extracting(Member::getUserId).containsExactlyInAnyOrder(owner.toString(), member.toString());
        }

        // Replayed a second time: delivered again, recognised by its event id, not applied again. A marker on the
        // same partition, published after it, shows when chat has read past it.
        replay.replay(TOPIC, DeadLetterReplay.withEventIds(Set.of(poisonId)), Duration.ofSeconds(30));
        UUID markerGroup = groupOnPartition(partition);
        publish(created(markerGroup, UUID.randomUUID(), List.of()));
        Deadline.await("the marker after the second replay", Duration.ofSeconds(60),
                () -> conversationsOfGroup(markerGroup) == 1);
        assertThat(timesApplied(poisonId)).isEqualTo(1);
        assertThat(conversationsOfGroup(poisonGroup)).isEqualTo(1);
        assertThat(database.jdbc().queryForObject("select count(*) from members where conversation_id = ?",
                Integer.class, conversation)).isEqualTo(2);
        System.out.printf("[scenario 3] poison parked; the next event on its partition applied %d ms after both "
                + "were published; replayed twice, applied once%n", laterAppliedAfterMillis);
    }

    // ---- events as the group service publishes them ----

    private GroupCreated created(UUID group, UUID owner, List<UUID> others) {
        List<String> members = new java.util.ArrayList<>(List.of(owner.toString()));
        others.stream().map(UUID::toString).filter(id -> !members.contains(id)).forEach(members::add);
        return GroupCreated.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                        .setAggregateId(group.toString()).setProducer("group").build())
                .setGroupId(group.toString()).setSectionId(UUID.randomUUID().toString())
                .setName("study group " + group.toString().substring(0, 8)).setDescription("")
                .setVisibility(GroupVisibility.OPEN).setOwnerUserId(owner.toString()).setMaxMembers(6)
                .setMemberListVersion(1).setMemberIds(members).build();
    }

    private void publish(GroupCreated event) throws Exception {
        ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(TOPIC, event.getGroupId(), event);
        record.headers().add(DeadLetterReplay.EVENT_ID_HEADER,
                event.getMetadata().getEventId().toString().getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    /** The partition Kafka's default partitioner gives this key. */
    private int partitionOf(UUID group) {
        return Utils.toPositive(Utils.murmur2(group.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private UUID groupOnPartition(int partition) {
        UUID group;
        do {
            group = UUID.randomUUID();
        } while (partitionOf(group) != partition);
        return group;
    }

    // ---- chat's state and the fault ----

    private int conversationsOfGroup(UUID group) {
        return database.jdbc().queryForObject("select count(*) from conversations where group_id = ?", Integer.class,
                group);
    }

    private int timesApplied(String eventId) {
        return database.jdbc().queryForObject("select count(*) from cohort_events.processed_events "
                + "where consumer = ? and event_id = ?::uuid", Integer.class, CHAT_CONSUMER, eventId);
    }

    private void refuseConversationOf(UUID group) {
        database.jdbc().execute("create or replace function " + FAULT + "() returns trigger language plpgsql as $$ "
                + "begin if new.group_id = '" + group + "' then raise exception 'injected fault: group % refused', "
                + "new.group_id; end if; return new; end $$");
        database.jdbc().execute("create trigger " + FAULT + " before insert on conversations for each row "
                + "execute function " + FAULT + "()");
    }

    private void removeFault() {
        database.jdbc().execute("drop trigger if exists " + FAULT + " on conversations");
        database.jdbc().execute("drop function if exists " + FAULT + "()");
    }

    private static boolean isEvent(ConsumerRecord<String, byte[]> record, String eventId) {
        Header header = record.headers().lastHeader(DeadLetterReplay.EVENT_ID_HEADER);
        return header != null && eventId.equals(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
