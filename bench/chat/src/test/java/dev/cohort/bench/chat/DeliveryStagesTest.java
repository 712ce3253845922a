package dev.cohort.bench.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.chat.app.DeliveryProbe.Stage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveryStagesTest {

    /** A text stamped {@code millis} ago: the stage's latency is at least that. */
    private static String sentAgo(long millis) {
        return BenchText.timed(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(millis), 100);
    }

    @Test
    void recordsEachStageFromTheSendTimeInTheText() {
        DeliveryStages stages = new DeliveryStages();

        stages.reached(Stage.ACCEPTED, sentAgo(3));
        stages.reached(Stage.COMMITTED, sentAgo(40));

        var window = stages.drain();
        assertThat(window.get(Stage.ACCEPTED).count()).isEqualTo(1);
        assertThat(window.get(Stage.ACCEPTED).p50()).isBetween(3.0, 40.0);
        assertThat(window.get(Stage.COMMITTED).count()).isEqualTo(1);
        assertThat(window.get(Stage.COMMITTED).p50()).isGreaterThanOrEqualTo(40.0);
        assertThat(window.get(Stage.RECEIVED).count()).isZero();
    }

    @Test
    void ignoresTextsWithoutASendTime() {
        DeliveryStages stages = new DeliveryStages();

        stages.reached(Stage.ACCEPTED, BenchText.probe(1));
        stages.reached(Stage.COMMITTED, "hello");

        assertThat(stages.drain().values()).allSatisfy(summary -> assertThat(summary.count()).isZero());
    }

    @Test
    void recordsOneStreamWriteInEightOfEachThread() {
        DeliveryStages stages = new DeliveryStages();

        for (int i = 0; i < 4 * DeliveryStages.WRITTEN_EVERY; i++) {
            stages.reached(Stage.WRITTEN, sentAgo(1));
        }

        assertThat(stages.drain().get(Stage.WRITTEN).count()).isEqualTo(4);
    }

    @Test
    void aResetForgetsWhatCameBeforeTheWindow() {
        DeliveryStages stages = new DeliveryStages();
        stages.reached(Stage.RECEIVED, sentAgo(5));

        stages.reset();
        stages.reached(Stage.RECEIVED, sentAgo(5));

        assertThat(stages.drain().get(Stage.RECEIVED).count()).isEqualTo(1);
    }
}
