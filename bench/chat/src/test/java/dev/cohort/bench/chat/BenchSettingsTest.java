package dev.cohort.bench.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {

    @Test
    void readsTheArgumentsInEitherForm() {
        BenchSettings settings = BenchSettings.fromArgs("--subscribers-per-conversation=100", "--conversations", "5",
                "senders=8", "--rate=2,000", "--duration=30s", "--warmup", "500ms", "--heap-run",
                "--heap-duration=5m", "--send-api=UNARY", "--cohort.chat.writer-max-batch=500");

        assertThat(settings.subscribersPerConversation()).isEqualTo(100);
        assertThat(settings.conversations()).isEqualTo(5);
        assertThat(settings.senders()).isEqualTo(8);
        assertThat(settings.rate()).isEqualTo(2000.0);
        assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.heapRun()).isTrue();
        assertThat(settings.heapDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.sendApi()).isEqualTo("unary");
        assertThat(settings.subscriberStreams()).isEqualTo(500);
        assertThat(settings.findsPeak()).isFalse();
        assertThat(settings.serviceProperties()).isEqualTo(Map.of("cohort.chat.writer-max-batch", "500"));
    }

    @Test
    void defaultsFindThePeakWithoutTheHeapRun() {
        BenchSettings settings = BenchSettings.fromArgs();

        assertThat(settings.findsPeak()).isTrue();
        assertThat(settings.heapRun()).isFalse();
        assertThat(settings.subscribersPerConversation()).isEqualTo(10);
    }

    @Test
    void streamsSpreadOverConversationsWithOnePercentSending() {
        BenchSettings settings = BenchSettings.fromArgs("--streams=10000", "--subscribers-per-conversation=100");

        assertThat(settings.conversations()).isEqualTo(100);
        assertThat(settings.subscriberStreams()).isEqualTo(10_000);
        assertThat(settings.senders()).isEqualTo(100);
        assertThat(BenchSettings.fromArgs("--streams=10000", "--senders=20").senders()).isEqualTo(20);
    }

    @Test
    void streamsRefuseConversationsAndUnevenSplits() {
        assertThatThrownBy(() -> BenchSettings.fromArgs("--streams=1000", "--conversations=5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conversations");
        assertThatThrownBy(() -> BenchSettings.fromArgs("--streams=1005"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple");
    }

    @Test
    void replicasNeedAReaderConnectionEach() {
        assertThat(BenchSettings.fromArgs().replicas()).isEqualTo(1);
        assertThat(BenchSettings.fromArgs("--replicas=2").replicas()).isEqualTo(2);
        assertThatThrownBy(() -> BenchSettings.fromArgs("--replicas=3", "--channels=2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicas");
        assertThatThrownBy(() -> BenchSettings.fromArgs("--replicas=0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicas");
    }

    @Test
    void durationsTakeUnitsOrPlainSeconds() {
        assertThat(BenchSettings.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(BenchSettings.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(BenchSettings.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(BenchSettings.parseDuration("12")).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertThatThrownBy(() -> BenchSettings.fromArgs("--subscribers=3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subscribers");
        assertThatThrownBy(() -> BenchSettings.fromArgs("--stream-api=websocket"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
