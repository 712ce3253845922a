package dev.cohort.chat.live;

import dev.cohort.chat.v1.CommandError;
import dev.cohort.chat.v1.ServerFrame;
import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.grpc.server.StatusMapper;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into what a stream's client sees: the status a unary call would have ended with (same code,
 * message and {@code google.rpc} details, through the platform's {@link StatusMapper}), either as a CommandError
 * frame that leaves the stream open or as the status that ends it.
 */
final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);
    private static final String REQUEST_INVALID = "REQUEST_INVALID";

    private final StatusMapper mapper;

    Failures(StatusMapper mapper) {
        this.mapper = mapper;
    }

    /** The CommandError frame for a command that failed with {@code failure}. */
    ServerFrame commandError(String correlationId, Throwable failure) {
        return commandError(correlationId, statusOf(failure));
    }

    /** The CommandError frame for a command that broke the contract's rules. */
    ServerFrame invalidCommand(String correlationId, List<FieldViolation> violations) {
        return commandError(correlationId, mapper.invalidArgument(REQUEST_INVALID, violations));
    }

    /** The status a call ends with after {@code failure}; unexpected failures are logged and stay INTERNAL. */
    StatusException statusOf(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof CancellationException) {
            return Status.CANCELLED.withDescription("stream closed").asException();
        }
        return mapper.map(cause).orElseGet(() -> {
            log.atError().setCause(cause).log("unexpected failure on a live stream");
            return mapper.internal();
        });
    }

    /** RESOURCE_EXHAUSTED (SLOW_CONSUMER): the client did not read its frames fast enough. */
    StatusException slowConsumer() {
        return mapper.map(new ResourceExhaustedException("SLOW_CONSUMER",
                "The client did not keep up with its frames; reconnect and resume after the last sequence received."))
                .orElseThrow();
    }

    private static ServerFrame commandError(String correlationId, StatusException status) {
        Metadata trailers = status.getTrailers() == null ? new Metadata() : status.getTrailers();
        return ServerFrame.newBuilder().setError(CommandError.newBuilder()
                .setCorrelationId(correlationId)
                .setStatus(StatusProto.fromStatusAndTrailers(status.getStatus(), trailers))).build();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
