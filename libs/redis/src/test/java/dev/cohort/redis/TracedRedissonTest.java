package dev.cohort.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cohort.telemetry.CohortTelemetry;
import dev.cohort.telemetry.TelemetrySettings;
import dev.cohort.testkit.TestRedis;
import dev.cohort.testkit.telemetry.OtlpTraceReceiver;
import dev.cohort.testkit.telemetry.OtlpTraceReceiver.ReceivedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configured client of a service that records traces, against real Redis. */
class TracedRedissonTest {

    private static final TestRedis REDIS = TestRedis.shared();

    @Test
    void eachOperationInsideATraceIsAClientSpanOfIt() throws Exception {
        try (OtlpTraceReceiver receiver = OtlpTraceReceiver.start();
             CohortTelemetry telemetry = CohortTelemetry.create("redis-user", TelemetrySettings.exportingTo(receiver.endpoint()))) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(CohortRedisAutoConfiguration.class))
                    .withBean(CohortTelemetry.class, () -> telemetry)
                    .withPropertyValues("cohort.redis.url=" + REDIS.url(),
                            "cohort.redis.key-prefix=" + REDIS.newKeyPrefix("TracedRedissonTest"))
                    .run(context -> {
                        RedissonClient redis = context.getBean(RedissonClient.class);
                        redis.getBucket("outside").set("no trace"); // no current span: not recorded
                        Span request = telemetry.openTelemetry().getTracer("test").spanBuilder("request")
                                .setSpanKind(SpanKind.SERVER).startSpan();
                        try (Scope ignored = request.makeCurrent()) {
                            redis.getBucket("ping").set("pong");
                            assertThat(redis.<String>getBucket("ping").getAsync().toCompletableFuture().join())
                                    .isEqualTo("pong");
                        } finally {
                            request.end();
                        }

                        String traceId = request.getSpanContext().getTraceId();
                        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.trace(traceId).size() >= 3);
                        List<ReceivedSpan> redisSpans = receiver.trace(traceId).stream()
                                .filter(span -> "redis".equals(span.attribute("db.system.name"))).toList();
                        assertThat(redisSpans).extracting(ReceivedSpan::name)
                                .containsExactlyInAnyOrder("RBucket.set", "RBucket.getAsync");
                        assertThat(redisSpans).allSatisfy(span -> {
                            assertThat(span.parentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
                            assertThat(span.service()).isEqualTo("redis-user");
                        });
                        assertThat(receiver.spans()).noneMatch(span -> span.traceId().equals(traceId) == false
                                && "redis".equals(span.attribute("db.system.name")));
                    });
        }
    }

    @Test
    void notRecordingLeavesTheClientAsRedissonMadeIt() {
        try (CohortTelemetry telemetry = CohortTelemetry.create("redis-user", TelemetrySettings.off())) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(CohortRedisAutoConfiguration.class))
                    .withBean(CohortTelemetry.class, () -> telemetry)
                    .withPropertyValues("cohort.redis.url=" + REDIS.url())
                    .run(context -> assertThat(java.lang.reflect.Proxy.isProxyClass(
                            context.getBean(RedissonClient.class).getClass())).isFalse());
        }
    }
}
