package dev.cohort.grpc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import dev.cohort.grpc.common.errors.UnavailableException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

class StatusMapperTest {

    @Test
    void answersAReplicaThatCannotTakeTheCallNowWithUnavailableAndItsReason() throws Exception {
        StatusException status = new StatusMapper("test.cohort.dev")
                .map(new UnavailableException("SHUTTING_DOWN", "restarting; try again")).orElseThrow();

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        ErrorInfo info = StatusProto.fromThrowable(status).getDetails(0).unpack(ErrorInfo.class);
        assertThat(info.getReason()).isEqualTo("SHUTTING_DOWN");
        assertThat(info.getDomain()).isEqualTo("test.cohort.dev");
    }
}
