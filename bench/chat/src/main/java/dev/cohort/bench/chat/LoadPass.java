package dev.cohort.bench.chat;

import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.SendMessageRequest;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One pass of load: every subscriber's stream opened and proven live (a probe message reached it), the senders'
 * clients opened, then load either closed-loop (each sender keeps {@code in-flight} sends outstanding and sends the
 * next when one is answered and delivered, see {@link DeliveryGate}: the peak) or paced (one pacer issues sends at the target rate over all senders, each
 * stamped with the time it was due, so a late pacer shows up as latency rather than hiding it). Streams are opened
 * per pass, with fresh tokens, and closed at its end.
 */
final class LoadPass implements AutoCloseable {

    /** Client message ids, unique over all passes of this run (a repeated id would be taken as a retry). */
    private static final AtomicLong MESSAGE_IDS = new AtomicLong();
    private static final Duration PING_EVERY = Duration.ofSeconds(30);

    private final BenchSettings settings;
    private final Population population;
    private final ClientChannels channels;
    private final BearerTokens tokens;
    private final LoadStats stats = new LoadStats();
    private final List<SubscriberStream> subscribers = new ArrayList<>();
    private final List<Sender> senders = new ArrayList<>();
    private final AtomicLongArray cursors;
    /** Per conversation: the closed loop's wait for delivery (see {@link DeliveryGate}). */
    private final Map<String, DeliveryGate> gates = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong probes = new AtomicLong();
    private volatile boolean running;
    private volatile boolean closedLoop;
    private Thread pacer;

    LoadPass(BenchSettings settings, Population population, ClientChannels channels, BearerTokens tokens) {
        this.settings = settings;
        this.population = population;
        this.channels = channels;
        this.tokens = tokens;
        this.cursors = new AtomicLongArray(settings.senders());
        for (Population.Conversation conversation : population.conversations()) {
            gates.put(conversation.id(), new DeliveryGate(conversation.subscribers().size()));
        }
    }

    LoadStats stats() {
        return stats;
    }

    /** Opens every stream and sender, and waits (up to a minute) until each subscriber has received a probe. */
    Readiness open() {
        tokens.renewAll(population.everyone());
        boolean connect = settings.streamApi().equals("connect");
        CountDownLatch subscribed = new CountDownLatch(settings.subscriberStreams());
        int client = 0;
        for (Population.Conversation conversation : population.conversations()) {
            for (UUID user : conversation.subscribers()) {
                SubscriberStream stream = new SubscriberStream(conversation.id(), stats, gates.get(conversation.id()),
                        subscribed);
                ChatServiceGrpc.ChatServiceStub chat = ChatServiceGrpc.newStub(channels.forClient(client++))
                        .withCallCredentials(tokens.of(user));
                if (connect) {
                    stream.connect(chat);
                } else {
                    stream.subscribe(chat);
                }
                subscribers.add(stream);
            }
        }
        await(subscribed, Duration.ofSeconds(60));
        for (int k = 0; k < settings.senders(); k++) {
            ChatServiceGrpc.ChatServiceStub chat = ChatServiceGrpc.newStub(channels.forSender(k))
                    .withCallCredentials(tokens.of(population.senders().get(k)));
            senders.add(settings.sendApi().equals("connect")
                    ? new Sender.Connect(k, stats, this::sendDone, chat)
                    : new Sender.Unary(k, stats, this::sendDone, chat));
        }
        if (connect || settings.sendApi().equals("connect")) {
            long every = PING_EVERY.toMillis();
            timer.scheduleAtFixedRate(() -> {
                subscribers.forEach(SubscriberStream::ping);
                senders.forEach(Sender::ping);
            }, every, every, TimeUnit.MILLISECONDS);
        }
        return probeUntilReady(Duration.ofSeconds(60));
    }

    /** Streams this pass holds open: the subscribers', and the senders' own when they send on Connect. */
    int openStreams() {
        return subscribers.size() + (settings.sendApi().equals("connect") ? senders.size() : 0);
    }

    /** How many subscribers proved live before the load started. */
    record Readiness(int ready, int streams, int ended, double seconds) {
    }

    private Readiness probeUntilReady(Duration limit) {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        ChatServiceGrpc.ChatServiceBlockingStub owner = ChatServiceGrpc.newBlockingStub(channels.forClient(0))
                .withCallCredentials(tokens.of(population.owner()));
        while (true) {
            Set<String> waiting = new HashSet<>();
            for (SubscriberStream stream : subscribers) {
                if (!stream.probeSeen() && !stream.ended()) {
                    waiting.add(stream.conversationId());
                }
            }
            if (waiting.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            for (String conversationId : waiting) {
                try {
                    owner.withDeadlineAfter(10, TimeUnit.SECONDS).sendMessage(SendMessageRequest.newBuilder()
                            .setConversationId(conversationId).setText(BenchText.probe(probes.incrementAndGet()))
                            .setClientMessageId("probe-" + MESSAGE_IDS.incrementAndGet()).build());
                } catch (StatusRuntimeException failed) {
                    stats.error("probe send: " + failed.getStatus().getCode(), failed.getStatus().getDescription());
                }
            }
            sleep(Duration.ofMillis(500));
        }
        int ready = (int) subscribers.stream().filter(SubscriberStream::probeSeen).count();
        int ended = (int) subscribers.stream().filter(SubscriberStream::ended).count();
        return new Readiness(ready, subscribers.size(), ended, (System.nanoTime() - started) / 1e9);
    }

    /** Every sender keeps {@code in-flight} sends outstanding, sending the next as soon as one is answered. */
    void startClosedLoop() {
        running = true;
        closedLoop = true;
        for (Sender sender : senders) {
            for (int i = 0; i < settings.inFlight(); i++) {
                sendNext(sender, System.nanoTime());
            }
        }
    }

    /** Sends at {@code rate} per second, round-robin over the senders, each rotating over the conversations. */
    void startPaced(double rate) {
        running = true;
        closedLoop = false;
        pacer = new Thread(() -> pace(rate), "bench-pacer");
        pacer.setDaemon(true);
        pacer.start();
    }

    private void pace(double rate) {
        double interval = 1e9 / rate;
        int conversations = population.conversations().size();
        long start = System.nanoTime();
        for (long i = 0; running; i++) {
            long due = start + (long) (i * interval);
            long wait = due - System.nanoTime();
            while (wait > 0 && running) {
                LockSupport.parkNanos(wait);
                wait = due - System.nanoTime();
            }
            if (!running) {
                return;
            }
            if (outstanding() >= settings.maxOutstanding()) {
                stats.error("not sent: over max-outstanding in flight (client backlog)");
                continue;
            }
            // Consecutive sends go to different senders (a Connect stream runs one command at a time, so a burst
            // on one sender would queue behind itself) and each sender's sends rotate over the conversations.
            int sender = (int) (i % senders.size());
            int conversation = (int) ((i + i / senders.size()) % conversations);
            send(senders.get(sender), population.conversations().get(conversation).id(), due);
        }
    }

    private void sendNext(Sender sender, long now) {
        long n = cursors.getAndIncrement(sender.index);
        int conversation = (int) ((sender.index + n) % population.conversations().size());
        send(sender, population.conversations().get(conversation).id(), now);
    }

    private void send(Sender sender, String conversationId, long stamp) {
        sender.send(conversationId, BenchText.timed(stamp, settings.textBytes()), "b" + MESSAGE_IDS.incrementAndGet(),
                stamp);
    }

    private void sendDone(Sender sender, String conversationId, boolean acked) {
        if (!running || !closedLoop) {
            return;
        }
        DeliveryGate gate = acked ? gates.get(conversationId) : null;
        if (gate != null) {
            gate.afterDelivery(() -> {
                if (running && closedLoop) {
                    sendNext(sender, System.nanoTime());
                }
            });
        } else if (acked) {
            sendNext(sender, System.nanoTime());
        } else {
            // A refused send is retried as a new message after a pause, not in a tight loop of refusals.
            timer.schedule(() -> {
                if (running && closedLoop) {
                    sendNext(sender, System.nanoTime());
                }
            }, 5, TimeUnit.MILLISECONDS);
        }
    }

    int outstanding() {
        int sum = 0;
        for (Sender sender : senders) {
            sum += sender.outstanding.get();
        }
        return sum;
    }

    /** Stops issuing sends (those in flight still complete). */
    void stopLoad() {
        running = false;
        if (pacer != null) {
            try {
                pacer.join(5_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits (at most {@code limit}) until every send is answered and every acknowledged message has reached every
     * subscriber of its conversation, or deliveries stop progressing for 3 s.
     */
    Drain drain(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (outstanding() > 0 && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(50));
        }
        long expected = stats.persisted.sum() * settings.subscribersPerConversation();
        long delivered = stats.deliveries.sum();
        long lastProgress = System.nanoTime();
        while (delivered < expected && System.nanoTime() < deadline
                && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(3)) {
            sleep(Duration.ofMillis(50));
            long now = stats.deliveries.sum();
            if (now != delivered) {
                delivered = now;
                lastProgress = System.nanoTime();
            }
        }
        return new Drain(stats.persisted.sum(), expected, stats.deliveries.sum(), outstanding(),
                (int) subscribers.stream().filter(SubscriberStream::ended).count());
    }

    /**
     * The whole pass after the load stopped: messages acknowledged, deliveries expected (acknowledged × subscribers
     * per conversation) and received, sends never answered, subscriber streams that ended early.
     */
    record Drain(long persisted, long expectedDeliveries, long deliveries, int unanswered, int endedStreams) {
        long missing() {
            return Math.max(0, expectedDeliveries - deliveries);
        }
    }

    @Override
    public void close() {
        running = false;
        timer.shutdownNow();
        subscribers.forEach(SubscriberStream::close);
        senders.forEach(Sender::close);
    }

    static void await(CountDownLatch latch, Duration limit) {
        try {
            latch.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    /** Sleeps at least {@code duration} (rounded up to the millisecond, so a loop to a deadline ends). */
    static void sleep(Duration duration) {
        dev.cohort.bench.support.LoadPass.sleep(duration);
    }
}
