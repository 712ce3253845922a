package dev.cohort.grpc.server;

import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.grpc.common.errors.ResourceExhaustedException;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.RegisterRequest;
import dev.cohort.identity.v1.RegisterResponse;
import dev.cohort.identity.v1.User;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/** A service whose behaviour is chosen by the request's display name, to drive the conventions under test. */
@Service
class FakeIdentityService extends IdentityServiceGrpc.IdentityServiceImplBase {

    final AtomicInteger invocations = new AtomicInteger();
    final AtomicReference<String> seenTraceId = new AtomicReference<>();
    final AtomicReference<String> seenMdcTraceId = new AtomicReference<>();
    volatile CountDownLatch slowCallStarted = new CountDownLatch(1);
    volatile CountDownLatch releaseSlowCall = new CountDownLatch(1);

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> responses) {
        invocations.incrementAndGet();
        seenTraceId.set(io.opentelemetry.api.trace.Span.current().getSpanContext().getTraceId());
        seenMdcTraceId.set(MDC.get("traceId"));
        switch (request.getDisplayName()) {
            case "missing" -> throw new NotFoundException("USER_NOT_FOUND", "no such user", java.util.Map.of("userId", "u-1"));
            case "exhausted" -> throw new ResourceExhaustedException("TOO_MANY_ATTEMPTS", "slow down", Duration.ofSeconds(42));
            case "too-large" -> throw new ResourceExhaustedException("TOO_LARGE", "split it");
            case "boom" -> throw new IllegalStateException("database password is hunter2");
            case "database-down" -> UnreachableDatabase.selectOne();
            case "slow" -> {
                slowCallStarted.countDown();
                await(releaseSlowCall);
            }
            default -> { }
        }
        responses.onNext(RegisterResponse.newBuilder()
                .setUser(User.newBuilder().setEmail(request.getEmail()).setDisplayName(request.getDisplayName()))
                .build());
        responses.onCompleted();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch was never released");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
