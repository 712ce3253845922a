package dev.cohort.reliability.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.JoinChannelRequest;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.chat.v1.SendMessageResponse;
import dev.cohort.events.outbox.Outbox;
import dev.cohort.reliability.support.ChatClient;
import dev.cohort.reliability.support.ChatDatabase;
import dev.cohort.reliability.support.ChatDatabase.StoredMessage;
import dev.cohort.reliability.support.Deadline;
import dev.cohort.reliability.support.MessageLedger;
import dev.cohort.reliability.support.ReliabilityPlatform;
import dev.cohort.reliability.support.ServiceProcess;
import dev.cohort.testkit.TestPostgres;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Scenarios 1 and 2: the chat service is killed with SIGKILL in the middle of a burst of 10,000 sends, while its
 * outbox relay is publishing the burst's events to Kafka, and started again.
 *
 * <p>The incident happens once, before the tests ({@link #burstKillAndRestart}); each test then checks one thing
 * that must have survived it: every acknowledged message is stored exactly once, with the id and sequence its
 * sender was told; sequences have no gap; a send whose outcome the client never learned, retried with its
 * client id, is stored once; and every committed message's event reaches a downstream consumer, which applies each
 * once, so its state equals chat's own (what it would be had nothing been killed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatKilledDuringBurstTest {

    static final int CONVERSATIONS = 10;
    static final int SENDERS_PER_CONVERSATION = 2;
    static final int SENDS = 10_000;
    static final int SENDS_PER_SENDER = SENDS / (CONVERSATIONS * SENDERS_PER_CONVERSATION);
    /** Sends in flight at once: enough to keep the writer's batches full, as many clients would. */
    static final int IN_FLIGHT = 64;
    /** The kill comes once this many sends were acknowledged: mid-burst, with the relay behind the writer. */
    static final int KILL_AFTER_ACKS = 3_000;
    static final String TOPIC = "cohort.chat.messages";

    /** One send of the burst: who, where, and the client id it keeps across retries. */
    record Send(UUID author, ChatClient client, UUID conversation, String clientMessageId) {
    }

    ReliabilityPlatform platform;
    ChatDatabase database;
    MessageLedger ledger;
    final Set<UUID> conversations = new LinkedHashSet<>();
    final Map<UUID, String> tokens = new HashMap<>();
    final List<Send> sends = new ArrayList<>();
    final List<ChatClient> clients = new ArrayList<>();
    /** Sends the service acknowledged before the kill, by client id. */
    final Map<String, Message> acknowledged = new ConcurrentHashMap<>();
    /** Sends whose call failed (the client does not know whether they were stored), by client id. */
    final Map<String, Status.Code> unanswered = new ConcurrentHashMap<>();
    /** The database as the killed process left it. */
    List<StoredMessage> storedAtKill;
    long outboxSentAtKill;
    long outboxUnsentAtKill;
    /** Sends retried after the restart, by client id: what the service answered. */
    final Map<String, Message> retried = new ConcurrentHashMap<>();
    long burstMillis;
    Duration restartedIn;

    @BeforeAll
    void burstKillAndRestart() throws Exception {
        platform = ReliabilityPlatform.get();
        database = new ChatDatabase(platform.chatDeployment().database());
        ledger = new MessageLedger(TestPostgres.shared().createDatabase("reliability_ledger"), platform.kafka(),
                platform.registryUrl());
        ServiceProcess chat = platform.chat();
        prepareConversations(chat.port());
        warmUpThePipeline();

        // The relay keeps up with the writer on a quiet machine, so whether any committed event is still unsent at
        // the kill would be a matter of timing. Holding back the outbox partition of one conversation makes it
        // certain; the relay publishes the other partitions meanwhile, and the hold ends with the killed process.
        UUID heldBack = conversations.iterator().next();
        ChatDatabase.HeldPartition held = database.holdOutboxPartitionOf(heldBack.toString());
        assertThat(conversations).as("conversations outside the held-back outbox partition")
                .anyMatch(c -> Outbox.partitionOf(c.toString()) != held.partition());
        Thread burst = new Thread(this::sendBurst, "burst");
        long began = System.nanoTime();
        try (held) {
            burst.start();
            Deadline.await(KILL_AFTER_ACKS + " acknowledged sends", Duration.ofSeconds(90),
                    () -> acknowledged.size() >= KILL_AFTER_ACKS, () -> acknowledged.size() + " acknowledged");
            chat.kill();
            burst.join(Duration.ofSeconds(60).toMillis());
            burstMillis = (System.nanoTime() - began) / 1_000_000;
            assertThat(burst.isAlive()).as("every send of the burst answered or failed").isFalse();

            storedAtKill = database.messagesOf(conversations);
            outboxUnsentAtKill = database.unpublishedEvents(TOPIC, conversations);
            // One MessagePosted per stored message; what has left the outbox was published.
            outboxSentAtKill = storedAtKill.size() - outboxUnsentAtKill;
        }

        closeClients();
        ServiceProcess restarted = platform.chatDeployment().startReplica(chat.port());
        platform.chatIsNow(restarted);
        restartedIn = restarted.startedIn();
        retryUnansweredSends(restarted.port());
        System.out.printf("[scenario 1/2] %d sends, SIGKILL after %d acks; at the kill: %d acknowledged, %d failed "
                        + "or unanswered, %d stored (%d in doubt), outbox %d sent / %d unsent; burst %d ms, restart "
                        + "%d ms%n", SENDS, KILL_AFTER_ACKS, acknowledged.size(), unanswered.size(),
                storedAtKill.size() - CONVERSATIONS, storedAtKill.size() - CONVERSATIONS - acknowledged.size(),
                outboxSentAtKill, outboxUnsentAtKill, burstMillis, restartedIn.toMillis());
    }

    @AfterAll
    void closeEverything() throws Exception {
        closeClients();
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void everyAcknowledgedMessageIsStoredExactlyOnceWithTheIdAndSequenceItsSenderWasTold() {
        Map<String, List<StoredMessage>> stored = database.messagesOf(conversations).stream()
                .collect(Collectors.groupingBy(StoredMessage::clientMessageId));
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS);
        acknowledged.forEach((clientId, message) -> {
            assertThat(stored.get(clientId)).as("rows of acknowledged send " + clientId).hasSize(1);
            StoredMessage row = stored.get(clientId).get(0);
            assertThat(row.id().toString()).isEqualTo(message.getMessageId());
            assertThat(row.sequence()).isEqualTo(message.getSequence());
        });
    }

    @Test
    void sequencesRunFromOneWithoutGapAndEverySendIsStoredOnce() {
        List<StoredMessage> stored = database.messagesOf(conversations);
        assertThat(stored).hasSize(SENDS + CONVERSATIONS);
        assertThat(stored.stream().map(StoredMessage::clientMessageId).distinct()).hasSize(stored.size());
        Map<UUID, List<Long>> sequences = stored.stream().collect(Collectors.groupingBy(StoredMessage::conversationId,
                Collectors.mapping(StoredMessage::sequence, Collectors.toList())));
        long perConversation = 1 + (long) SENDERS_PER_CONVERSATION * SENDS_PER_SENDER;
        for (UUID conversation : conversations) {
            assertThat(sequences.get(conversation)).as("sequences of " + conversation)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, perConversation).boxed().toList());
            assertThat(database.lastSequence(conversation)).isEqualTo(perConversation);
        }
        // The database as the kill left it had no gap either: a commit is all of a batch or nothing.
        Map<UUID, List<Long>> atKill = storedAtKill.stream().collect(Collectors.groupingBy(
                StoredMessage::conversationId, Collectors.mapping(StoredMessage::sequence, Collectors.toList())));
        atKill.forEach((conversation, numbers) -> assertThat(numbers)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, numbers.size()).boxed().toList()));
    }

    @Test
    void aSendInDoubtRetriedWithItsClientIdReturnsTheMessageStoredBeforeTheKill() {
        Map<String, StoredMessage> atKill = storedAtKill.stream()
                .collect(Collectors.toMap(StoredMessage::clientMessageId, Function.identity()));
        assertThat(retried).hasSameSizeAs(unanswered);
        int inDoubtButStored = 0;
        for (Map.Entry<String, Message> retry : retried.entrySet()) {
            StoredMessage before = atKill.get(retry.getKey());
            if (before != null) {
                inDoubtButStored++;
                assertThat(retry.getValue().getMessageId()).isEqualTo(before.id().toString());
                assertThat(retry.getValue().getSequence()).isEqualTo(before.sequence());
            }
        }
        System.out.printf("[scenario 1] %d sends in doubt at the kill were stored; their retries returned them%n",
                inDoubtButStored);
    }

    @Test
    void everyCommittedMessageEventIsDeliveredAndTheConsumerAppliesEachOnce() {
        // The kill caught the relay mid-publish: part of the burst's events had been published, part (at least the
        // held-back partition's) not.
        assertThat(outboxSentAtKill).as("events published before the kill").isGreaterThan(CONVERSATIONS);
        assertThat(outboxUnsentAtKill).as("committed events not yet published at the kill").isPositive();

        Set<UUID> scope = conversations;
        Deadline.await("the consumer to apply every committed message", Duration.ofSeconds(180),
                () -> ledger.countOf(scope) >= SENDS + CONVERSATIONS,
                () -> ledger.countOf(scope) + " applied");
        List<String> expected = database.messagesOf(conversations).stream()
                .map(m -> m.id() + " " + m.conversationId() + ":" + m.sequence()).sorted().toList();
        assertThat(ledger.rowsOf(conversations)).containsExactlyElementsOf(expected);
        assertThat(database.unpublishedEvents(TOPIC, conversations)).isZero();
        System.out.printf("[scenario 2] outbox at the kill: %d sent, %d unsent; consumer received %d MessagePosted "
                        + "deliveries, %d events more than once, applied %d rows (= chat's %d)%n", outboxSentAtKill,
                outboxUnsentAtKill, ledger.deliveries(), ledger.eventsDeliveredMoreThanOnce(),
                ledger.countOf(scope), expected.size());
    }

    // ---- the incident ----

    private void prepareConversations(int port) throws InterruptedException {
        for (int c = 0; c < CONVERSATIONS; c++) {
            UUID owner = UUID.randomUUID();
            ChatClient ownerClient = client(port, owner);
            UUID conversation = UUID.fromString(ownerClient.blocking().createChannel(CreateChannelRequest.newBuilder()
                    .setName("burst " + c).build()).getConversation().getConversationId());
            conversations.add(conversation);
            for (int s = 0; s < SENDERS_PER_CONVERSATION; s++) {
                UUID sender = UUID.randomUUID();
                ChatClient senderClient = client(port, sender);
                senderClient.blocking().joinChannel(JoinChannelRequest.newBuilder()
                        .setConversationId(conversation.toString()).build());
                for (int n = 0; n < SENDS_PER_SENDER; n++) {
                    sends.add(new Send(sender, senderClient, conversation, "burst-" + sender + "-" + n));
                }
            }
            ownerClient.blocking().sendMessage(SendMessageRequest.newBuilder()
                    .setConversationId(conversation.toString()).setText("warm-up")
                    .setClientMessageId("warm-up-" + conversation).build());
        }
        // Interleave the senders, as their clients would: the k-th message of every sender, then the (k+1)-th.
        sends.sort((a, b) -> Integer.compare(index(a), index(b)));
    }

    private static int index(Send send) {
        return Integer.parseInt(send.clientMessageId().substring(send.clientMessageId().lastIndexOf('-') + 1));
    }

    /** The relay and the consumer are live before the burst: the warm-up messages' events have been applied. */
    private void warmUpThePipeline() {
        Deadline.await("the warm-up messages to reach the consumer", Duration.ofSeconds(90),
                () -> ledger.countOf(conversations) >= CONVERSATIONS, () -> ledger.countOf(conversations) + " applied");
    }

    private void sendBurst() {
        sendPipelined(sends, acknowledged, unanswered);
    }

    /**
     * Sends each of {@code batch} with at most {@link #IN_FLIGHT} unanswered at once, as many clients together would;
     * what the service answers goes to {@code answered}, how a call failed to {@code failed}.
     */
    private static void sendPipelined(List<Send> batch, Map<String, Message> answered, Map<String, Status.Code> failed) {
        Semaphore permits = new Semaphore(IN_FLIGHT);
        try {
            for (Send send : batch) {
                if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no send was answered for 60 s");
                }
                Futures.addCallback(send.client().future().withDeadlineAfter(30, TimeUnit.SECONDS)
                        .sendMessage(request(send)), new FutureCallback<SendMessageResponse>() {
                            @Override
                            public void onSuccess(SendMessageResponse response) {
                                answered.put(send.clientMessageId(), response.getMessage());
                                permits.release();
                            }

                            @Override
                            public void onFailure(Throwable failure) {
                                failed.put(send.clientMessageId(), Status.fromThrowable(failure).getCode());
                                permits.release();
                            }
                        }, MoreExecutors.directExecutor());
            }
            if (!permits.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("sends still unanswered 60 s after the last was made");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The clients retry every send they got no answer for, with its client id, on new connections to the restarted
     * service, until each is answered (a few rounds at most: the service is up, a round fails only when busy).
     */
    private void retryUnansweredSends(int port) {
        Map<UUID, ChatClient> byAuthor = new HashMap<>();
        List<Send> pending = sends.stream().filter(send -> unanswered.containsKey(send.clientMessageId()))
                .map(send -> new Send(send.author(), byAuthor.computeIfAbsent(send.author(), a -> client(port, a)),
                        send.conversation(), send.clientMessageId())).toList();
        for (int round = 1; !pending.isEmpty(); round++) {
            Map<String, Status.Code> stillFailing = new ConcurrentHashMap<>();
            sendPipelined(pending, retried, stillFailing);
            if (round == 5 && !stillFailing.isEmpty()) {
                throw new AssertionError("sends still failing after 5 rounds of retries: " + stillFailing.values()
                        .stream().distinct().toList());
            }
            pending = pending.stream().filter(send -> stillFailing.containsKey(send.clientMessageId())).toList();
        }
    }

    private static SendMessageRequest request(Send send) {
        return SendMessageRequest.newBuilder().setConversationId(send.conversation().toString())
                .setText("message " + send.clientMessageId()).setClientMessageId(send.clientMessageId()).build();
    }

    private ChatClient client(int port, UUID user) {
        String token = tokens.computeIfAbsent(user, id -> platform.identity().tokens().token(id.toString(), "STUDENT"));
        ChatClient client = new ChatClient(port, token);
        clients.add(client);
        return client;
    }

    private void closeClients() throws InterruptedException {
        for (ChatClient client : clients) {
            client.close();
        }
        clients.clear();
    }
}
