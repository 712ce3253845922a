package dev.cohort.moderation.remote;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import dev.cohort.grpc.common.errors.UnavailableException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Locale;
import java.util.Optional;

/**
 * What an owning service's refusal becomes here: its answer about the moderator's token or the target
 * (UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, FAILED_PRECONDITION) passes through as it is; anything else (down,
 * too slow, broken) is UNAVAILABLE, which the moderator may retry (the report stays open until the action succeeded).
 */
final class RemoteFailures {

    private RemoteFailures() {
    }

    static RuntimeException translate(String service, StatusRuntimeException failure) {
        return switch (failure.getStatus().getCode()) {
            case UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, FAILED_PRECONDITION -> failure;
            default -> new UnavailableException(service.toUpperCase(Locale.ROOT) + "_UNAVAILABLE",
                    service + " did not carry out the action (" + failure.getStatus().getCode()
                            + "); the report stays open, try again");
        };
    }

    /** The {@code ErrorInfo} reason of a failure, if it has one. */
    static Optional<String> reasonOf(StatusRuntimeException failure) {
        com.google.rpc.Status status = StatusProto.fromThrowable(failure);
        if (status == null) {
            return Optional.empty();
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return Optional.of(detail.unpack(ErrorInfo.class).getReason());
                } catch (InvalidProtocolBufferException unreadable) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
