package dev.cohort.redis;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RedissonClient;

/**
 * A {@link RedissonClient} whose Redis operations are CLIENT spans of the current trace ({@code db.system.name=redis},
 * the operation as {@code RBucket.set}). OpenTelemetry instruments Redisson only in its Java agent, which Cohort does
 * not run (ADR 61); this applies the same idea at Redisson's API instead of its internals: every object the client
 * hands out ({@code getBucket}, {@code getMap}, {@code getBuckets}, ...) is wrapped, and each call on it that returns
 * a result (or a future of one) is a span, ended when the result or future is there.
 *
 * <p>Only used while traces are recorded; outside a trace no span is started.
 */
final class TracedRedisson {

    private static final String API_PACKAGE = "org.redisson.api";
    private static final String INSTRUMENTATION = "dev.cohort.redis";

    private TracedRedisson() {
    }

    static RedissonClient wrap(RedissonClient client, OpenTelemetry openTelemetry) {
        return (RedissonClient) proxy(RedissonClient.class, client, openTelemetry.getTracer(INSTRUMENTATION));
    }

    private static Object proxy(Class<?> type, Object target, Tracer tracer) {
        return Proxy.newProxyInstance(TracedRedisson.class.getClassLoader(), new Class<?>[] {type},
                new Handler(target, tracer, type));
    }

    /** A Redisson object handed out by the client or another object: its own calls become spans. */
    private static boolean handsOutAnObject(Method method) {
        Class<?> returned = method.getReturnType();
        return returned.isInterface() && returned.getPackageName().equals(API_PACKAGE)
                && !CompletionStage.class.isAssignableFrom(returned);
    }

    private record Handler(Object target, Tracer tracer, Class<?> type) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return invokeTarget(method, arguments);
            }
            if (handsOutAnObject(method)) {
                Object handedOut = invokeTarget(method, arguments);
                return handedOut == null ? null : proxy(method.getReturnType(), handedOut, tracer);
            }
            if (type == RedissonClient.class || !Span.current().getSpanContext().isValid()) {
                return invokeTarget(method, arguments); // the client's own methods (shutdown, config) do no I/O
            }
            return traced(method, arguments);
        }

        private Object traced(Method method, Object[] arguments) throws Throwable {
            String operation = type.getSimpleName() + "." + method.getName();
            Span span = tracer.spanBuilder(operation)
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute("db.system.name", "redis")
                    .setAttribute("db.operation.name", operation)
                    .startSpan();
            boolean endsLater = false;
            try (Scope ignored = span.makeCurrent()) {
                Object result = invokeTarget(method, arguments);
                if (result instanceof CompletionStage<?> pending) {
                    endsLater = true;
                    pending.whenComplete((value, failure) -> end(span, failure));
                }
                return result;
            } catch (Throwable failure) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR);
                throw failure;
            } finally {
                if (!endsLater) {
                    span.end();
                }
            }
        }

        private static void end(Span span, Throwable failure) {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }

        private Object invokeTarget(Method method, Object[] arguments) throws Throwable {
            try {
                return method.invoke(target, arguments);
            } catch (InvocationTargetException thrown) {
                throw thrown.getCause();
            }
        }
    }
}
