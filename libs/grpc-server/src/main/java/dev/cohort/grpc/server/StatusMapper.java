package dev.cohort.grpc.server;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.cohort.grpc.common.errors.AlreadyExistsException;
import dev.cohort.grpc.common.errors.CohortException;
import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.grpc.common.errors.PermissionDeniedException;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.grpc.common.errors.UnauthenticatedException;
import dev.cohort.grpc.common.errors.UnavailableException;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.Optional;

/**
 * Turns a business exception into the canonical gRPC status plus {@code google.rpc} details:
 * {@link ErrorInfo} always (reason + domain + metadata), {@link BadRequest} for invalid arguments,
 * {@link RetryInfo} for exhausted resources. A backing server that is down, refusing connections or too slow
 * (the database, Redis: see {@link TransientOutages}) is UNAVAILABLE with reason {@value #TEMPORARILY_UNAVAILABLE},
 * which clients retry. Anything else that is not a {@link CohortException} or an explicit gRPC status is reported
 * as INTERNAL. Neither carries the failure's own message, so internals never leak to callers.
 */
public final class StatusMapper {

    /** The ErrorInfo reason of a call that failed because a backing server is briefly unavailable. */
    public static final String TEMPORARILY_UNAVAILABLE = "TEMPORARILY_UNAVAILABLE";

    private final String errorDomain;

    public StatusMapper(String errorDomain) {
        this.errorDomain = errorDomain;
    }

    /** The status to close a call with, or empty when the throwable is not something we recognise. */
    public Optional<StatusException> map(Throwable error) {
        if (error instanceof StatusException status) {
            return Optional.of(status);
        }
        if (error instanceof StatusRuntimeException status) {
            return Optional.of(new StatusException(status.getStatus(), status.getTrailers()));
        }
        if (error instanceof CohortException business) {
            return Optional.of(StatusProto.toStatusException(toRpcStatus(business)));
        }
        if (isTransientOutage(error)) {
            return Optional.of(StatusProto.toStatusException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.UNAVAILABLE_VALUE)
                    .setMessage("The service is briefly unable to answer; try again.")
                    .addDetails(Any.pack(errorInfo(TEMPORARILY_UNAVAILABLE, java.util.Map.of())))
                    .build()));
        }
        return Optional.empty();
    }

    /**
     * True when the error (or a cause) says a backing server is down, refusing connections or not answering in time,
     * rather than that something is wrong with the request or the code: {@link #map} answers it UNAVAILABLE.
     */
    public boolean isTransientOutage(Throwable error) {
        return !(error instanceof CohortException) && !(error instanceof StatusException)
                && !(error instanceof StatusRuntimeException) && TransientOutages.isTransient(error);
    }

    /** The generic answer for an unexpected failure. */
    public StatusException internal() {
        return StatusProto.toStatusException(com.google.rpc.Status.newBuilder()
                .setCode(Code.INTERNAL_VALUE)
                .setMessage("internal error")
                .addDetails(Any.pack(errorInfo("INTERNAL", java.util.Map.of())))
                .build());
    }

    /** The INVALID_ARGUMENT status for a set of field violations (used by the validation interceptor too). */
    public StatusException invalidArgument(String reason, List<FieldViolation> violations) {
        return StatusProto.toStatusException(toRpcStatus(new InvalidArgumentException(reason, violations)));
    }

    private com.google.rpc.Status toRpcStatus(CohortException error) {
        var status = com.google.rpc.Status.newBuilder()
                .setCode(codeOf(error).getNumber())
                .setMessage(error.getMessage() == null ? error.reason() : error.getMessage())
                .addDetails(Any.pack(errorInfo(error.reason(), error.metadata())));
        if (error instanceof InvalidArgumentException invalid) {
            var badRequest = BadRequest.newBuilder();
            for (FieldViolation violation : invalid.violations()) {
                badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                        .setField(violation.field())
                        .setDescription(violation.description()));
            }
            status.addDetails(Any.pack(badRequest.build()));
        }
        if (error instanceof ResourceExhaustedException exhausted) {
            exhausted.retryAfter().ifPresent(delay -> status.addDetails(Any.pack(RetryInfo.newBuilder()
                    .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                            .setSeconds(delay.getSeconds())
                            .setNanos(delay.getNano()))
                    .build())));
        }
        return status.build();
    }

    private ErrorInfo errorInfo(String reason, java.util.Map<String, String> metadata) {
        return ErrorInfo.newBuilder().setReason(reason).setDomain(errorDomain).putAllMetadata(metadata).build();
    }

    private static Code codeOf(CohortException error) {
        if (error instanceof InvalidArgumentException) {
            return Code.INVALID_ARGUMENT;
        }
        if (error instanceof NotFoundException) {
            return Code.NOT_FOUND;
        }
        if (error instanceof AlreadyExistsException) {
            return Code.ALREADY_EXISTS;
        }
        if (error instanceof PermissionDeniedException) {
            return Code.PERMISSION_DENIED;
        }
        if (error instanceof UnauthenticatedException) {
            return Code.UNAUTHENTICATED;
        }
        if (error instanceof FailedPreconditionException) {
            return Code.FAILED_PRECONDITION;
        }
        if (error instanceof ResourceExhaustedException) {
            return Code.RESOURCE_EXHAUSTED;
        }
        if (error instanceof UnavailableException) {
            return Code.UNAVAILABLE;
        }
        return Code.INTERNAL;
    }
}
