package dev.cohort.chat.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.MessageCreated;
import dev.cohort.chat.v1.ServerFrame;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The send-to-deliver histogram: one sample per new message written to a stream, from its creation time. */
class LiveMetricsTest {

    @Test
    void timesNewMessagesFromTheirCreationAndNothingElse() {
        LiveMetrics metrics = new LiveMetrics();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindDeliveryLatency(registry);
        Instant created = Instant.now().minusMillis(40);

        metrics.delivered(SharedFrame.of(ServerFrame.newBuilder().setMessageCreated(MessageCreated.newBuilder()
                .setMessage(Message.newBuilder().setCreateTime(Timestamp.newBuilder()
                        .setSeconds(created.getEpochSecond()).setNanos(created.getNano())))).build()));
        metrics.delivered(SharedFrame.of(ServerFrame.getDefaultInstance())); // not a new message: not timed

        Timer latency = registry.get("chat.delivery.latency").timer();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isBetween(40.0, 60_000.0);
        assertThat(latency.takeSnapshot().histogramCounts()).isNotEmpty(); // the SLO buckets Prometheus reads
    }
}
