package dev.cohort.devstack;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.boot.json.JsonWriter.Members;
import org.springframework.boot.json.JsonWriter.MemberPath;
import org.springframework.boot.json.JsonWriter.ValueProcessor;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;
import org.springframework.core.Ordered;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Which service wrote a log line, when all services share one JVM. Logback is configured once per JVM, by the
 * first application that starts, so every line would carry that application's {@code service.name}; instead the
 * service is a property of the thread that logs:
 * <ul>
 *   <li>each service starts inside {@link #as}, and the threads it creates (its executors, schedulers, Kafka and
 *       Redis clients, connection pools) inherit the name (an {@link InheritableThreadLocal});</li>
 *   <li>gRPC runs calls of every server on one shared executor, so each service's {@link CallInterceptor} names
 *       the service for the duration of each of its calls' callbacks;</li>
 *   <li>{@link ServiceNameMember} writes that name as the JSON line's {@code service.name}.</li>
 * </ul>
 */
public final class ServiceLogs {

    private static final InheritableThreadLocal<String> SERVICE = new InheritableThreadLocal<>();

    private ServiceLogs() {
    }

    /** The service the current thread works for, if known. */
    static Optional<String> current() {
        return Optional.ofNullable(SERVICE.get());
    }

    /** Runs {@code work} (and everything it starts) as {@code service}. */
    static <T> T as(String service, Progress.ThrowingSupplier<T> work) throws Exception {
        String previous = SERVICE.get();
        SERVICE.set(service);
        try {
            return work.get();
        } finally {
            restore(previous);
        }
    }

    private static <T> T during(String service, Supplier<T> work) {
        String previous = SERVICE.get();
        SERVICE.set(service);
        try {
            return work.get();
        } finally {
            restore(previous);
        }
    }

    private static void duringRun(String service, Runnable work) {
        during(service, () -> {
            work.run();
            return null;
        });
    }

    private static void restore(String previous) {
        if (previous == null) {
            SERVICE.remove();
        } else {
            SERVICE.set(previous);
        }
    }

    /**
     * Replaces the ECS line's {@code service.name} (fixed by whichever application configured logging first) with
     * the service of the logging thread. Named in {@code logging.structured.json.customizer}.
     */
    public static final class ServiceNameMember implements StructuredLoggingJsonMembersCustomizer<ILoggingEvent> {

        @Override
        public void customize(Members<ILoggingEvent> members) {
            members.applyingValueProcessor(ValueProcessor.of(String.class,
                    (String configured) -> current().orElse(configured)).whenHasPath(ServiceNameMember::isServiceName));
        }

        private static boolean isServiceName(MemberPath path) {
            return path.toUnescapedString().equals("service.name");
        }
    }

    /** Names one service for the callbacks of each of its gRPC calls; the first interceptor to run. */
    @GlobalServerInterceptor
    static final class CallInterceptor implements ServerInterceptor, Ordered {

        private final String service;

        CallInterceptor(String service) {
            this.service = service;
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            ServerCall.Listener<Q> listener = during(service, () -> next.startCall(call, headers));
            return new SimpleForwardingServerCallListener<>(listener) {
                @Override
                public void onMessage(Q message) {
                    duringRun(service, () -> super.onMessage(message));
                }

                @Override
                public void onHalfClose() {
                    duringRun(service, super::onHalfClose);
                }

                @Override
                public void onCancel() {
                    duringRun(service, super::onCancel);
                }

                @Override
                public void onComplete() {
                    duringRun(service, super::onComplete);
                }

                @Override
                public void onReady() {
                    duringRun(service, super::onReady);
                }
            };
        }
    }
}
