package dev.cohort.bench.chat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;
import dev.cohort.bench.support.JitWarmup;
import dev.cohort.chat.app.DeliveryProbe;
import dev.cohort.groupcommit.GroupCommitStats;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.ConnectResponse;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.MessageCreated;
import dev.cohort.chat.v1.ServerFrame;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Chat benchmark: the chat service in this JVM on real PostgreSQL and Redis, driven over real gRPC on 127.0.0.1 by
 * {@code conversations × subscribers-per-conversation} streaming clients and {@code senders} posting users; beside
 * it, in the same run, the two limits it is judged against (a raw grpc-java bidirectional echo with as many
 * streams and messages of the same size; a plain JDBC loop inserting the same rows one transaction each).
 * <ol>
 *   <li>limits: JDBC loop, then the echo (the chat service idle);</li>
 *   <li>peak: closed loop (each sender sends again as soon as it is answered): persisted/s, deliveries/s;</li>
 *   <li>paced at half of the peak's persisted/s (or at {@code --rate} instead of both): send→receive latency;</li>
 *   <li>with {@code --heap-run}: the paced load for {@code --heap-duration}, the heap sampled after GC.</li>
 * </ol>
 * With {@code --replicas=2} two chat instances share the database and Redis: the senders post through the first,
 * the readers follow through both, so half of every conversation's deliveries cross Redis to the other replica.
 * The table goes to stdout, progress to stderr. See README.md.
 */
public final class ChatBenchmark implements AutoCloseable {

    private static final Duration LIMIT_WARMUP = Duration.ofSeconds(2);
    private static final Duration LIMIT_WARMUP_MAX = Duration.ofSeconds(30);
    private static final Duration LIMIT_WARMUP_STEP = Duration.ofSeconds(1);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final BenchSettings settings;
    private final PrintStream progress;
    /** The instance the senders use (the only one unless {@code --replicas} says more). */
    private final ChatUnderTest service;
    /** Every instance, {@link #service} first. */
    private final List<ChatUnderTest> replicas;
    private final ClientChannels channels;
    private final BearerTokens tokens;
    private final DeliveryStages stages;
    private final GcPauses gc = new GcPauses();

    private ChatBenchmark(BenchSettings settings, PrintStream progress, List<ChatUnderTest> replicas,
                          DeliveryStages stages) {
        this.stages = stages;
        this.settings = settings;
        this.progress = progress;
        this.replicas = List.copyOf(replicas);
        this.service = replicas.get(0);
        this.channels = new ClientChannels(replicas.stream().map(replica -> replica.port).toList(),
                settings.channels(), settings.senderChannels());
        this.tokens = new BearerTokens(service.issuer);
    }

    public static void main(String[] args) {
        BenchReport report;
        try {
            BenchSettings settings = BenchSettings.fromArgs(args);
            try (ChatBenchmark benchmark = start(settings, System.err)) {
                report = benchmark.run();
            }
        } catch (IllegalArgumentException badSettings) {
            System.err.println("chat benchmark: " + badSettings.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException failed) {
            System.err.println("chat benchmark failed:");
            failed.printStackTrace();
            System.exit(1);
            return;
        }
        report.print(System.out);
        System.out.flush();
        // gRPC and Redisson threads would keep the JVM alive; the figures are printed.
        System.exit(0);
    }

    public static ChatBenchmark start(BenchSettings settings, PrintStream progress) {
        progress.println("Starting PostgreSQL/Redis (test kit) and the chat service...");
        List<ChatUnderTest> replicas = new ArrayList<>();
        DeliveryStages stages = new DeliveryStages();
        replicas.add(new ChatUnderTest(settings, stages));
        while (replicas.size() < settings.replicas()) {
            progress.printf("Starting chat replica %d on the same PostgreSQL database and Redis keys...%n",
                    replicas.size() + 1);
            replicas.add(replicas.get(0).replicaOf(settings));
        }
        return new ChatBenchmark(settings, progress, replicas, stages);
    }

    BenchReport run() {
        String environment = service.environment();
        progress.println(environment);
        UUID owner = UUID.randomUUID();
        progress.printf("Creating %d conversations with %d subscribers each and %d senders as members...%n",
                settings.conversations(), settings.subscribersPerConversation(), settings.senders());
        Population population = Population.create(settings, ChatServiceGrpc.newBlockingStub(channels.forClient(0))
                .withCallCredentials(tokens.of(owner)), owner, service::registerUsers);

        progress.printf("JDBC limit: one-row transactions for %d s...%n", settings.limitDuration().toSeconds());
        JdbcLimit.Result jdbc = JdbcLimit.run(service.database, population.jdbcConversationId(), owner,
                settings.textBytes(), limitWarmup(), settings.limitDuration());
        progress.printf("  %,.0f rows/s%n", jdbc.rowsPerSecond());

        int frameBytes = deliveryFrameBytes(settings.textBytes());
        progress.printf("Echo limit: %,d streams, %d-byte messages, for %d s...%n", settings.subscriberStreams(),
                frameBytes, settings.limitDuration().toSeconds());
        EchoLimit.Result echo = EchoLimit.run(settings.subscriberStreams(), echoBytes(frameBytes), settings.channels(),
                settings.echoWindow(), limitWarmup(), settings.limitDuration());
        progress.printf("  %,.0f messages/s%n", echo.messagesPerSecond());
        settle();

        BenchReport.PassResult peak = null;
        double pacedRate = settings.rate();
        if (settings.findsPeak()) {
            peak = pass("Peak", population, 0, settings.duration(), null);
            pacedRate = Math.max(1, Math.round(peak.window().persistedPerSecond() / 2));
            settle();
        }
        BenchReport.PassResult paced = pass(peak != null ? "50% of peak" : "Paced", population, pacedRate,
                settings.duration(), null);
        BenchReport.HeapResult heap = null;
        if (settings.heapRun()) {
            settle();
            HeapSeries series = new HeapSeries();
            BenchReport.PassResult long_ = pass("Heap run", population, pacedRate, settings.heapDuration(), series);
            heap = new BenchReport.HeapResult(long_, series, settings.heapSlopeLimit());
        }
        return new BenchReport(environment, settings, jdbc, echo, peak, paced, heap);
    }

    /**
     * One pass: streams opened, load started (closed loop when {@code rate} is 0), warm-up, the measured window
     * (heap samples after GC every {@code --heap-interval} when {@code heap} is given), load stopped, drained.
     */
    private BenchReport.PassResult pass(String name, Population population, double rate, Duration duration,
                                        HeapSeries heap) {
        progress.printf("%s: opening %,d subscriber streams (%s) and %d senders (%s)...%n", name,
                settings.subscriberStreams(), settings.streamApi(), settings.senders(), settings.sendApi());
        long heapBefore = HeapSeries.usedAfterGc();
        try (LoadPass pass = new LoadPass(settings, population, channels, tokens)) {
            LoadPass.Readiness readiness = pass.open();
            progress.printf("  %d of %d subscribers live (%d ended) after %.1f s%n", readiness.ready(),
                    readiness.streams(), readiness.ended(), readiness.seconds());
            BenchReport.StreamMemory memory = new BenchReport.StreamMemory(pass.openStreams(), heapBefore,
                    HeapSeries.usedAfterGc());
            progress.printf("  heap after GC: %.1f MiB before the streams, %.1f MiB with %,d open: %.1f kB a stream%n",
                    memory.beforeBytes() / HeapSeries.MIB, memory.openBytes() / HeapSeries.MIB, memory.streams(),
                    memory.bytesPerStream() / 1000);
            if (readiness.ready() == 0) {
                progress.println("  WARNING: no subscriber received a probe message: live delivery is not working;"
                        + " deliveries will be 0");
            }
            if (rate == 0) {
                progress.printf("  closed loop: %d senders × %d in flight, %s, %d s measured%n",
                        settings.senders(), settings.inFlight(), warmupText(), duration.toSeconds());
                pass.startClosedLoop();
            } else {
                progress.printf("  paced: %,.0f sends/s, %s, %d s measured%n", rate, warmupText(),
                        duration.toSeconds());
                pass.startPaced(rate);
            }
            LoadStats stats = pass.stats();
            warmUp(stats, pass);
            LoadStats.Snapshot start = stats.beginWindow();
            stages.reset();
            gc.reset();
            GroupCommitStats.Snapshot writerStart = service.writer().stats().snapshot();
            watch(stats, pass, duration, heap, "measured");
            LoadStats.Window window = stats.endWindow(start);
            Map<DeliveryProbe.Stage, LatencyHistogram.Summary> stageWindow = stages.drain();
            GcPauses.Window gcWindow = gc.window();
            GroupCommitStats.Snapshot writer = service.writer().stats().snapshot().since(writerStart);
            pass.stopLoad();
            LoadPass.Drain drain = pass.drain(Duration.ofSeconds(15));
            progress.printf("  %s: persisted %,.0f /s, deliveries %,.0f /s, send→receive %s, errors %,d%n", name,
                    window.persistedPerSecond(), window.deliveriesPerSecond(), window.sendToReceive().describe(),
                    window.errorCount());
            progress.println("  writer: " + BenchReport.describeWriter(writer, service.writerLanes(),
                    window.seconds()));
            progress.println("  gc: " + gcWindow.describe());
            return new BenchReport.PassResult(name, rate, readiness, memory, window, drain, writer,
                    service.writerLanes(), stageWindow, gcWindow);
        }
    }

    /**
     * Lets the load run until the JIT compiler is quiet (at least {@code --warmup}, at most {@code --warmup-max}),
     * printing the rates and the compiler's share of each step.
     */
    private void warmUp(LoadStats stats, LoadPass pass) {
        JitWarmup warmup = new JitWarmup(settings.warmup(), settings.warmupMax(), settings.jitQuiet());
        LoadStats.Snapshot last = stats.snapshot();
        while (!warmup.over()) {
            LoadPass.sleep(PROGRESS_EVERY);
            JitWarmup.Step step = warmup.step();
            LoadStats.Snapshot current = stats.snapshot();
            printRates("warm-up ", step.seconds(), last, current, pass,
                    String.format(", JIT %.0f%% of the step, %s queued", 100 * step.compilerShare(),
                            step.queued() == JitWarmup.QUEUE_UNKNOWN ? "?" : String.valueOf(step.queued())));
            last = current;
        }
        if (warmup.endedBusy()) {
            progress.printf("  WARNING: the JIT compiler was still busy after %d s of warm-up; the figures include"
                    + " some compilation%n", settings.warmupMax().toSeconds());
        }
    }

    private JitWarmup limitWarmup() {
        return new JitWarmup(LIMIT_WARMUP, LIMIT_WARMUP_MAX, settings.jitQuiet());
    }

    private String warmupText() {
        return String.format("warm-up until the JIT is quiet (%d–%d s)", settings.warmup().toSeconds(),
                settings.warmupMax().toSeconds());
    }

    private void printRates(String phase, double seconds, LoadStats.Snapshot last, LoadStats.Snapshot current,
                            LoadPass pass, String note) {
        double step = (current.nanos() - last.nanos()) / 1e9;
        progress.printf("    %s %4.0f s: sent %,.0f /s, persisted %,.0f /s, deliveries %,.0f /s, in flight %,d, "
                        + "errors %,d%s%n", phase, seconds, (current.sent() - last.sent()) / step,
                (current.persisted() - last.persisted()) / step, (current.deliveries() - last.deliveries()) / step,
                pass.outstanding(), current.errorCount() - last.errorCount(), note);
    }

    /**
     * Lets the load run for {@code length}, printing the rates every few seconds; with {@code heap}, samples the
     * heap after GC at the start and every {@code --heap-interval}.
     */
    private void watch(LoadStats stats, LoadPass pass, Duration length, HeapSeries heap, String phase) {
        long begun = System.nanoTime();
        long end = begun + length.toNanos();
        long tick = heap != null ? settings.heapInterval().toNanos() : PROGRESS_EVERY.toNanos();
        LoadStats.Snapshot last = stats.snapshot();
        if (heap != null) {
            heap.add(0, HeapSeries.usedAfterGc());
        }
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            LoadPass.sleep(Duration.ofNanos(Math.min(tick, end - now)));
            LoadStats.Snapshot current = stats.snapshot();
            String heapNote = "";
            if (heap != null) {
                long used = HeapSeries.usedAfterGc();
                heap.add((System.nanoTime() - begun) / 1e9, used);
                heapNote = String.format(", heap after GC %.1f MiB", used / HeapSeries.MIB);
            }
            printRates(phase, (current.nanos() - begun) / 1e9, last, current, pass, heapNote);
            last = current;
        }
    }

    /** Bytes of one delivered frame (a MessageCreated of a benchmark message), for the echo's messages. */
    static int deliveryFrameBytes(int textBytes) {
        Instant now = Instant.now();
        Message message = Message.newBuilder().setMessageId(UUID.randomUUID().toString())
                .setConversationId(UUID.randomUUID().toString()).setSequence(123_456)
                .setAuthorUserId(UUID.randomUUID().toString()).setText(BenchText.timed(System.nanoTime(), textBytes))
                .setClientMessageId("b1234567")
                .setCreateTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .build();
        return ConnectResponse.newBuilder().setFrame(ServerFrame.newBuilder()
                .setMessageCreated(MessageCreated.newBuilder().setMessage(message))).build().getSerializedSize();
    }

    /** The byte count whose BytesValue is {@code frameBytes} long when serialized. */
    static int echoBytes(int frameBytes) {
        int bytes = frameBytes;
        while (bytes > 0 && CodedOutputStream.computeBytesSize(1, ByteString.copyFrom(new byte[bytes])) > frameBytes) {
            bytes--;
        }
        return bytes;
    }

    /** Between phases: a full GC and a moment for background work to finish, so phases start alike. */
    private void settle() {
        System.gc();
        LoadPass.sleep(Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        channels.close();
        replicas.forEach(ChatUnderTest::close);
        gc.close();
    }
}
