package dev.cohort.devgateway;

import io.grpc.Metadata;
import io.grpc.Status;

/**
 * What the caller may learn of a failed call. Application errors (INVALID_ARGUMENT, NOT_FOUND, ...) pass as
 * the service wrote them, with their {@code google.rpc.Status} details. Failures whose text may describe the
 * inside — an unexpected error's message, a transport error naming an internal address — get a fixed text,
 * and unexpected errors lose their details too.
 */
final class UpstreamStatus {

    private static final Metadata.Key<byte[]> DETAILS =
            Metadata.Key.of(ForwardedHeaders.STATUS_DETAILS, Metadata.BINARY_BYTE_MARSHALLER);

    private UpstreamStatus() {
    }

    /** The status to give the caller; may remove the details from {@code trailers}. */
    static Status sanitise(Status status, Metadata trailers) {
        return switch (status.getCode()) {
            case INTERNAL, UNKNOWN, DATA_LOSS -> {
                trailers.removeAll(DETAILS);
                yield Status.fromCode(status.getCode()).withDescription("internal error");
            }
            case UNAVAILABLE -> trailers.containsKey(DETAILS)
                    ? Status.fromCode(status.getCode()).withDescription(status.getDescription())
                    : Status.UNAVAILABLE.withDescription("service unavailable");
            case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded");
            case CANCELLED -> Status.CANCELLED.withDescription("cancelled");
            default -> Status.fromCode(status.getCode()).withDescription(status.getDescription());
        };
    }
}
