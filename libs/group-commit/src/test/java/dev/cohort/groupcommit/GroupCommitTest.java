package dev.cohort.groupcommit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cohort.groupcommit.RecordingHandler.Item;
import dev.cohort.grpc.common.errors.CohortException;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.grpc.common.errors.UnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine on its own, with a handler that records what it is given. Where a test needs the lane busy while it
 * queues, the handler holds its first write at a latch until the test releases it; nothing waits on time.
 */
class GroupCommitTest {

    private final List<GroupCommit<Item, List<Item>>> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(GroupCommit::stop);
    }

    private GroupCommit<Item, List<Item>> engine(RecordingHandler handler, int lanes, int capacity, int maxBatch) {
        GroupCommit<Item, List<Item>> engine = new GroupCommit<>(
                new GroupCommitSettings("test-writer", lanes, capacity, maxBatch), Item::key, handler,
                handler.clock::get);
        engine.start();
        started.add(engine);
        return engine;
    }

    /** Offers {@code first}, then waits until the lane holds it in the handler's gated write. */
    private static void occupyTheLane(GroupCommit<Item, List<Item>> engine, RecordingHandler handler, Item first)
            throws InterruptedException {
        engine.offer(first);
        assertThat(handler.firstWriteEntered.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void writesWhatWaitedAsBatchesOfAtMostTheMaxSize() throws InterruptedException {
        RecordingHandler handler = new RecordingHandler(true);
        GroupCommit<Item, List<Item>> engine = engine(handler, 1, 100, 3);
        occupyTheLane(engine, handler, Item.of("a"));
        for (String name : List.of("b", "c", "d", "e", "f", "g", "h")) {
            engine.offer(Item.of(name));
        }

        handler.releaseFirstWrite.countDown();
        engine.stop();

        assertThat(handler.writes).containsExactly(List.of("a"), List.of("b", "c", "d"), List.of("e", "f", "g"),
                List.of("h"));
        assertThat(handler.committed).containsExactly("a", "b", "c", "d", "e", "f", "g", "h");
    }

    @Test
    void writesTheItemsOfOneKeyOnOneLaneInTheOrderOffered() {
        RecordingHandler handler = new RecordingHandler(false);
        GroupCommit<Item, List<Item>> engine = engine(handler, 4, 1000, 5);
        Map<String, List<String>> offered = new LinkedHashMap<>();
        for (int i = 0; i < 400; i++) {
            String key = "conversation-" + (i % 10);
            String name = key + "#" + i;
            engine.offer(new Item(key, name, false));
            offered.computeIfAbsent(key, k -> new ArrayList<>()).add(name);
        }

        engine.stop();

        Map<String, List<String>> written = handler.committed.stream()
                .collect(Collectors.groupingBy(name -> name.substring(0, name.indexOf('#')), LinkedHashMap::new,
                        Collectors.toList()));
        assertThat(written).isEqualTo(offered);
        assertThat(handler.writerThreadByKey).hasSize(10).doesNotContainValue("MANY");
        assertThat(handler.writerThreadByKey.values()).allMatch(thread -> thread.startsWith("test-writer-"));
    }

    @Test
    void refusesAtOnceWithServerBusyWhenTheLaneIsFull() throws InterruptedException {
        RecordingHandler handler = new RecordingHandler(true);
        GroupCommit<Item, List<Item>> engine = engine(handler, 1, 2, 10);
        occupyTheLane(engine, handler, Item.of("a"));
        engine.offer(Item.of("b"));
        engine.offer(Item.of("c"));

        // The lane is still held in its write: an offer that waited for room would never return.
        CompletableFuture<Throwable> refusal = CompletableFuture.supplyAsync(() -> catchRefusal(engine, Item.of("d")));
        assertThat(refusal).succeedsWithin(Duration.ofSeconds(10))
                .isInstanceOfSatisfying(ResourceExhaustedException.class, busy -> {
                    assertThat(busy.reason()).isEqualTo("SERVER_BUSY");
                    assertThat(busy.retryAfter()).isPresent();
                });

        handler.releaseFirstWrite.countDown();
        engine.stop();
        assertThat(handler.committed).containsExactly("a", "b", "c");
    }

    @Test
    void refusesWithShuttingDownBeforeStartAndAfterStop() {
        RecordingHandler handler = new RecordingHandler(false);
        GroupCommit<Item, List<Item>> engine = new GroupCommit<>(new GroupCommitSettings("test-writer", 1, 10, 10),
                Item::key, handler);
        started.add(engine);

        assertShuttingDown(catchRefusal(engine, Item.of("early")));
        engine.start();
        engine.offer(Item.of("a"));
        engine.stop();
        assertShuttingDown(catchRefusal(engine, Item.of("late")));

        assertThat(handler.committed).containsExactly("a");
        assertThat(handler.writes).noneMatch(batch -> batch.contains("early") || batch.contains("late"));
    }

    @Test
    void stopWritesEveryItemAcceptedBeforeItAndRefusesTheRest() throws InterruptedException {
        RecordingHandler handler = new RecordingHandler(true);
        GroupCommit<Item, List<Item>> engine = engine(handler, 1, 100, 2);
        occupyTheLane(engine, handler, Item.of("a"));
        for (String name : List.of("b", "c", "d", "e")) {
            engine.offer(Item.of(name));
        }

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(engine::stop);
        await().atMost(Duration.ofSeconds(10)).until(() -> !engine.isRunning());
        assertShuttingDown(catchRefusal(engine, Item.of("after-stop")));
        assertThat(stopping).isNotDone();

        handler.releaseFirstWrite.countDown();
        assertThat(stopping).succeedsWithin(Duration.ofSeconds(10));
        assertThat(handler.committed).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void everyItemAcceptedWhileStopRacesOffersIsWrittenAndNoRefusedOneIs() throws Exception {
        RecordingHandler handler = new RecordingHandler(false);
        GroupCommit<Item, List<Item>> engine = engine(handler, 2, 50, 8);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<List<String>>> offerers = IntStream.range(0, 4)
                    .mapToObj(n -> CompletableFuture.supplyAsync(() -> offerUntilStopped(engine, "t" + n), threads))
                    .toList();
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.committed.size() >= 2000);

            engine.stop();

            List<String> accepted = new ArrayList<>();
            for (CompletableFuture<List<String>> offerer : offerers) {
                accepted.addAll(offerer.get(10, TimeUnit.SECONDS));
            }
            assertThat(handler.committed).containsExactlyInAnyOrderElementsOf(accepted);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Offers items until the engine says it is shutting down; returns the names of those it accepted. */
    private static List<String> offerUntilStopped(GroupCommit<Item, List<Item>> engine, String prefix) {
        List<String> accepted = new ArrayList<>();
        for (int i = 0; ; i++) {
            Item item = new Item(prefix + "-" + (i % 3), prefix + "#" + i, false);
            try {
                engine.offer(item);
                accepted.add(item.name);
            } catch (ResourceExhaustedException busy) {
                Thread.onSpinWait();
            } catch (UnavailableException stopped) {
                return accepted;
            }
        }
    }

    @Test
    void aFailedBatchIsWrittenAgainItemByItemSoOnlyTheBadItemFails() throws InterruptedException {
        RecordingHandler handler = new RecordingHandler(true);
        GroupCommit<Item, List<Item>> engine = engine(handler, 1, 100, 10);
        occupyTheLane(engine, handler, Item.of("a"));
        engine.offer(Item.of("b"));
        engine.offer(Item.bad("bad"));
        engine.offer(Item.of("c"));

        handler.releaseFirstWrite.countDown();
        engine.stop();

        assertThat(handler.writes).containsExactly(List.of("a"), List.of("b", "bad", "c"), List.of("b"),
                List.of("bad"), List.of("c"));
        assertThat(handler.committed).containsExactly("a", "b", "c");
        assertThat(handler.failed).containsOnlyKeys("bad");
        assertThat(handler.failed.get("bad")).hasMessageContaining("cannot store [bad]");
        GroupCommitStats.Snapshot stats = engine.stats().snapshot();
        assertThat(stats.batches()).isEqualTo(5);
        assertThat(stats.items()).isEqualTo(7);
    }

    @Test
    void aFailureWhileAnsweringAWrittenBatchIsNotRetriedAndTheLaneGoesOn() {
        RecordingHandler handler = new RecordingHandler(false);
        handler.failAnswering = true;
        GroupCommit<Item, List<Item>> engine = engine(handler, 1, 100, 10);
        engine.offer(Item.of("a"));
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.writes.size() == 1);

        handler.failAnswering = false;
        engine.offer(Item.of("b"));
        engine.stop();

        assertThat(handler.writes).containsExactly(List.of("a"), List.of("b"));
        assertThat(handler.committed).containsExactly("b");
        assertThat(handler.failed).isEmpty();
    }

    @Test
    void countsBatchesItemsTimeAndSlowBatches() throws InterruptedException {
        RecordingHandler handler = new RecordingHandler(true);
        // The first batch (one item) is slow, the next (four items) is not.
        handler.writeNanos = batch -> TimeUnit.MILLISECONDS.toNanos(batch.size() == 1 ? 60 : 10);
        GroupCommit<Item, List<Item>> engine = engine(handler, 1, 100, 10);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        engine.stats().bindTo(meters, "test.writer", "sends");
        occupyTheLane(engine, handler, Item.of("a"));
        IntStream.range(0, 4).forEach(i -> engine.offer(Item.of("n" + i)));

        handler.releaseFirstWrite.countDown();
        engine.stop();

        GroupCommitStats.Snapshot all = engine.stats().snapshot();
        assertThat(all).isEqualTo(new GroupCommitStats.Snapshot(2, 5, TimeUnit.MILLISECONDS.toNanos(70), 1));
        assertThat(all.itemsPerBatch()).isEqualTo(2.5);
        assertThat(all.millisPerBatch()).isEqualTo(35.0);
        GroupCommitStats.Snapshot afterTheFirst = new GroupCommitStats.Snapshot(1, 1, TimeUnit.MILLISECONDS.toNanos(60), 1);
        assertThat(all.since(afterTheFirst))
                .isEqualTo(new GroupCommitStats.Snapshot(1, 4, TimeUnit.MILLISECONDS.toNanos(10), 0));
        assertThat(meters.get("test.writer.batches").functionCounter().count()).isEqualTo(2);
        assertThat(meters.get("test.writer.batched.sends").functionCounter().count()).isEqualTo(5);
        assertThat(meters.get("test.writer.batch.seconds").functionCounter().count()).isEqualTo(0.07);
        assertThat(meters.get("test.writer.slow.batches").functionCounter().count()).isEqualTo(1);
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new GroupCommitSettings("w", 0, 10, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupCommitSettings("w", 1, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupCommitSettings("w", 1, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupCommitSettings(" ", 1, 10, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Throwable catchRefusal(GroupCommit<Item, List<Item>> engine, Item item) {
        try {
            engine.offer(item);
        } catch (CohortException refused) {
            return refused;
        }
        throw new AssertionError(item + " was accepted");
    }

    private static void assertShuttingDown(Throwable refusal) {
        assertThat(refusal).isInstanceOfSatisfying(UnavailableException.class,
                stopping -> assertThat(stopping.reason()).isEqualTo("SHUTTING_DOWN"));
    }
}
