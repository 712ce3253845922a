package dev.cohort.grpc.server;

import io.opentelemetry.api.trace.Span;
import io.grpc.StatusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

/**
 * Spring gRPC's hook for exceptions thrown by service handlers. Known errors map through {@link StatusMapper};
 * an outage of a backing server is logged as a warning and answered UNAVAILABLE; an unexpected error is logged with
 * its stack trace and trace id, and the caller gets a bare INTERNAL.
 */
public final class CohortExceptionHandler implements GrpcExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CohortExceptionHandler.class);

    private final StatusMapper mapper;

    public CohortExceptionHandler(StatusMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public StatusException handleException(Throwable error) {
        if (mapper.isTransientOutage(error)) {
            log.atWarn()
                    .setCause(error)
                    .addKeyValue("traceId", traceIdOrNull())
                    .log("gRPC call failed on a backing server that is unavailable; answered UNAVAILABLE");
        }
        return mapper.map(error).orElseGet(() -> {
            log.atError()
                    .setCause(error)
                    .addKeyValue("traceId", traceIdOrNull())
                    .log("unexpected error in gRPC handler");
            return mapper.internal();
        });
    }

    private static String traceIdOrNull() {
        var span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}
