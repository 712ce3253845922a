package dev.cohort.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How ./cohort status reads a service's Prometheus text (the stack itself is LocalStackTest's). */
class StackMetricsTest {

    private static final String BEFORE = """
            # HELP grpc_server_processing_duration_seconds ...
            # TYPE grpc_server_processing_duration_seconds histogram
            grpc_server_processing_duration_seconds_count{application="chat",method="Send",statusCode="OK"} 10
            grpc_server_processing_duration_seconds_count{application="chat",method="Send",statusCode="NOT_FOUND"} 4
            grpc_server_processing_duration_seconds_count{application="chat",method="Send",statusCode="INTERNAL"} 1
            cohort_grpc_server_open_streams{application="chat",method="cohort.chat.v1.ChatService/Connect"} 3.0
            kafka_consumer_fetch_manager_records_lag{application="chat",group="chat",partition="0",topic="a"} NaN
            """;
    private static final String AFTER = """
            grpc_server_processing_duration_seconds_count{application="chat",method="Send",statusCode="OK"} 30
            grpc_server_processing_duration_seconds_count{application="chat",method="Send",statusCode="NOT_FOUND"} 6
            grpc_server_processing_duration_seconds_count{application="chat",method="Send",statusCode="INTERNAL"} 3
            grpc_server_processing_duration_seconds_bucket{application="chat",method="Send",statusCode="OK",le="0.1"} 30
            cohort_grpc_server_open_streams{application="chat",method="cohort.chat.v1.ChatService/Connect"} 2.0
            cohort_grpc_server_open_streams{application="chat",method="cohort.chat.v1.ChatService/Subscribe"} 5.0
            kafka_consumer_fetch_manager_records_lag{application="chat",group="chat",partition="0",topic="a"} 7.0
            kafka_consumer_fetch_manager_records_lag{application="chat",group="chat",partition="1",topic="a"} 5.0
            """;

    @Test
    void ratesComeFromTwoScrapesAndOnlyServerFailuresCountAsErrors() {
        var figures = StackMetrics.Figures.between(StackMetrics.Snapshot.parse(BEFORE),
                StackMetrics.Snapshot.parse(AFTER), 2.0);

        assertThat(figures.callsPerSecond()).isEqualTo(12.0); // (39 - 15) / 2
        assertThat(figures.errorsPerSecond()).isEqualTo(1.0); // INTERNAL 1 -> 3; NOT_FOUND is the caller's
        assertThat(figures.openStreams()).isEqualTo(7.0);
        assertThat(figures.consumerLag()).isEqualTo(12.0);
    }

    @Test
    void thePortsTheStackRecordedAreReadBack(@TempDir Path run) throws Exception {
        StackMetrics.writePorts(run, Map.of("chat", 41001, "identity", 41002));

        assertThat(StackMetrics.ports(run)).containsExactly(Map.entry("chat", 41001), Map.entry("identity", 41002));
        assertThat(StackMetrics.ports(run.resolve("elsewhere"))).isEmpty();
    }
}
