package dev.cohort.groupcommit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * A batch handler that records what the engine hands it. Its first write can be held at a gate (so the test
 * knows the lane is busy while it queues more), a batch holding a {@link Item#bad} item throws, and each write
 * moves a fake clock by the time the test gives it.
 */
final class RecordingHandler implements BatchHandler<RecordingHandler.Item, List<RecordingHandler.Item>> {

    /** An item with identity equality (as the engine asks), a lane key and a flag that makes its write fail. */
    static final class Item {
        final String key;
        final String name;
        final boolean bad;

        Item(String key, String name, boolean bad) {
            this.key = key;
            this.name = name;
            this.bad = bad;
        }

        static Item of(String name) {
            return new Item("k", name, false);
        }

        static Item bad(String name) {
            return new Item("k", name, true);
        }

        String key() {
            return key;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    final List<List<String>> writes = Collections.synchronizedList(new ArrayList<>());
    final List<String> committed = Collections.synchronizedList(new ArrayList<>());
    final Map<String, String> writerThreadByKey = new ConcurrentHashMap<>();
    final Map<String, RuntimeException> failed = new ConcurrentHashMap<>();
    final CountDownLatch firstWriteEntered = new CountDownLatch(1);
    final CountDownLatch releaseFirstWrite = new CountDownLatch(1);
    final AtomicLong clock = new AtomicLong();
    private final AtomicBoolean gated;
    private final AtomicBoolean firstWrite = new AtomicBoolean(true);
    /** How long each write takes by the fake clock. */
    volatile ToLongFunction<List<Item>> writeNanos = batch -> 0;
    volatile boolean failAnswering;

    RecordingHandler(boolean gateFirstWrite) {
        this.gated = new AtomicBoolean(gateFirstWrite);
    }

    @Override
    public List<Item> write(List<Item> batch) {
        writes.add(batch.stream().map(item -> item.name).toList());
        String thread = Thread.currentThread().getName();
        batch.forEach(item -> writerThreadByKey.merge(item.key, thread, (was, now) -> was.equals(now) ? was : "MANY"));
        if (firstWrite.getAndSet(false) && gated.get()) {
            firstWriteEntered.countDown();
            awaitRelease();
        }
        clock.addAndGet(writeNanos.applyAsLong(batch));
        if (batch.stream().anyMatch(item -> item.bad)) {
            throw new IllegalStateException("cannot store " + batch);
        }
        return List.copyOf(batch);
    }

    @Override
    public void committed(List<Item> batch, List<Item> written) {
        if (failAnswering) {
            throw new IllegalStateException("answering failed");
        }
        written.forEach(item -> committed.add(item.name));
    }

    @Override
    public void failed(Item item, RuntimeException failure) {
        failed.put(item.name, failure);
    }

    private void awaitRelease() {
        try {
            if (!releaseFirstWrite.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the first write");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
