package dev.cohort.bench.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeliveryGateTest {

    @Test
    void aSendWaitsUntilEverySubscriberCouldHaveItsMessage() {
        DeliveryGate gate = new DeliveryGate(3);
        List<String> ran = new ArrayList<>();

        gate.afterDelivery(() -> ran.add("first"));
        gate.delivered();
        gate.delivered();
        assertThat(ran).isEmpty();
        assertThat(gate.waiting()).isEqualTo(1);

        gate.delivered();
        assertThat(ran).containsExactly("first");
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void deliveriesAheadOfTheAckLetTheNextSendGoAtOnce() {
        DeliveryGate gate = new DeliveryGate(2);
        gate.delivered();
        gate.delivered();
        List<String> ran = new ArrayList<>();

        gate.afterDelivery(() -> ran.add("next"));

        assertThat(ran).containsExactly("next");
    }

    @Test
    void waitingSendsGoInTheOrderTheirAcksCame() {
        DeliveryGate gate = new DeliveryGate(2);
        List<String> ran = new ArrayList<>();
        gate.afterDelivery(() -> ran.add("one"));
        gate.afterDelivery(() -> ran.add("two"));
        gate.afterDelivery(() -> ran.add("three"));

        for (int i = 0; i < 4; i++) {
            gate.delivered();
        }
        assertThat(ran).containsExactly("one", "two");
        gate.delivered();
        gate.delivered();
        assertThat(ran).containsExactly("one", "two", "three");
    }

    @Test
    void underConcurrentAcksAndDeliveriesEveryWaitingSendRunsExactlyOnce() throws Exception {
        int subscribers = 10;
        int sends = 2_000;
        DeliveryGate gate = new DeliveryGate(subscribers);
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch allRan = new CountDownLatch(sends);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            threads.submit(() -> {
                for (int i = 0; i < sends; i++) {
                    gate.afterDelivery(() -> {
                        ran.incrementAndGet();
                        allRan.countDown();
                    });
                }
            });
            for (int t = 0; t < 3; t++) {
                threads.submit(() -> {
                    for (int i = 0; i < sends * subscribers / 3 + 1; i++) {
                        gate.delivered();
                    }
                });
            }
            assertThat(allRan.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            threads.shutdownNow();
        }
        assertThat(ran.get()).isEqualTo(sends);
        assertThat(gate.waiting()).isZero();
    }
}
