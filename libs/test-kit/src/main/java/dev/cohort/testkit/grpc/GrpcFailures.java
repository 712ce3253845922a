package dev.cohort.testkit.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Reading a failed gRPC call the way clients do: its status, its {@code google.rpc} details, its reason. */
public final class GrpcFailures {

    private GrpcFailures() {
    }

    /** The failure of a call that must fail. */
    public static StatusRuntimeException failure(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException error) {
            return error;
        }
        throw new AssertionError("expected the call to fail");
    }

    /** {@code google.rpc.ErrorInfo.reason} of the failure. */
    public static String reason(StatusRuntimeException error) {
        return detail(error, ErrorInfo.class).getReason();
    }

    /** The detail of this type in the failure's {@code google.rpc.Status}. */
    public static <T extends Message> T detail(StatusRuntimeException error, Class<T> type) {
        com.google.rpc.Status status = StatusProto.fromThrowable(error);
        if (status == null) {
            throw new AssertionError("no google.rpc.Status in " + error);
        }
        return status.getDetailsList().stream().filter(any -> any.is(type)).findFirst().map(any -> {
            try {
                return any.unpack(type);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + error));
    }
}
