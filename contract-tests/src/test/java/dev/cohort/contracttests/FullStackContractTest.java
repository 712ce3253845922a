package dev.cohort.contracttests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cohort.devstack.LocalStack;
import dev.cohort.devstack.StackSettings;
import dev.cohort.testkit.logs.LogSecrets;
import dev.cohort.testkit.telemetry.OtlpTraceReceiver;
import dev.cohort.testkit.telemetry.OtlpTraceReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole platform as {@code ./cohort up} runs it — embedded PostgreSQL, Redis and Kafka, the schema registry,
 * every service and the local gateway, seeded with the demo catalog — started once for this class in a temporary
 * home on free ports, then driven from Node.js the three ways clients outside the JVM reach it:
 * <ul>
 *   <li>REST with plain {@code fetch} through the gateway (node/rest-journey.test.mjs): a student's journey from
 *       sign-up to chat, and how each gRPC error reaches HTTP clients (status and {@code google.rpc.Status} body);</li>
 *   <li>gRPC-Web through the gateway with Connect-ES clients generated from proto/ by {@code buf generate}
 *       (node/grpc-web.test.mjs), including chat's server stream;</li>
 *   <li>native gRPC with {@code @grpc/grpc-js} straight to the services (node/grpc-native.test.mjs), including
 *       chat's bidirectional stream and every service's health check;</li>
 *   <li>attacks through the gateway on every REST route the contracts declare (node/attack.test.mjs): forged
 *       tokens, unknown and hidden ids, control characters and oversize strings, forged page tokens.</li>
 * </ul>
 * Each of the three client suites also takes a member's report of a message through moderation to the admin's
 * removal of it, with the audit log and its chain check. Each Node suite gets the addresses and the stack's admin
 * account in its environment; its output is in the assertion message when it fails.
 *
 * <p>Every part exports its spans over OTLP to an in-test receiver (ADR 61), so one test also follows a single REST
 * call through the gateway, the service, its event and a consumer as one trace.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the log scan last, after every suite has logged
class FullStackContractTest {

    private static final Duration NODE_TIMEOUT = Duration.ofMinutes(3);
    /** Four scenarios in one Chromium, each with two or three people: longer than one Node suite. */
    private static final Duration BROWSER_TIMEOUT = Duration.ofMinutes(6);

    /** Where every service and the gateway of the stack export their spans (read by libs/telemetry). */
    private static final String OTLP_ENDPOINT = "cohort.telemetry.otlp.endpoint";
    /** System properties the stack's services read (logging, the trace endpoint); restored for the next classes. */
    private static final List<String> STACK_PROPERTIES = List.of(
            "logging.file.name", "logging.structured.format.file", "logging.threshold.console", "spring.main.banner-mode",
            OTLP_ENDPOINT);

    @TempDir
    static Path home;

    private static final Map<String, String> propertiesBefore = new HashMap<>();
    private static StackSettings settings;
    private static LocalStack stack;
    private static OtlpTraceReceiver traces;

    @BeforeAll
    static void startThePlatform() throws Exception {
        STACK_PROPERTIES.forEach(name -> propertiesBefore.put(name, System.getProperty(name)));
        traces = OtlpTraceReceiver.start();
        System.setProperty(OTLP_ENDPOINT, traces.endpoint());
        settings = new StackSettings(home, freePort(), freePort(), freePort(), freePort(), freePort(),
                freePort(), freePort(), freePort(), freePort(), freePort(),
                Optional.empty(), "postgres", "", Optional.empty());
        stack = new LocalStack(settings, System.out);
        stack.up();
    }

    @AfterAll
    static void stopThePlatform() {
        try {
            if (stack != null) {
                stack.close();
            }
            if (traces != null) {
                traces.close();
            }
        } finally {
            propertiesBefore.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }

    /**
     * One REST enrolment through the gateway is one trace: the gateway's span, course's gRPC server span and its
     * statements, a Redis command, the outbox relay's Kafka produce, and in another service the consume and that
     * consumer's own statements, all under the trace id the client sent.
     */
    @Test
    void oneRestCallIsOneTraceFromTheGatewayThroughItsEventToAConsumersStatements() throws Exception {
        OneTrace rest = new OneTrace("http://127.0.0.1:" + settings.gatewayPort());
        String token = rest.newStudentToken();
        String section = rest.openSection(token);
        OneTrace.Trace trace = OneTrace.Trace.fresh();

        rest.enroll(token, section, trace);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<ReceivedSpan> spans = traces.trace(trace.traceId());
            ReceivedSpan gateway = spans.stream().filter(OneTrace.of("gateway", SpanKind.SPAN_KIND_SERVER))
                    .findFirst().orElseThrow(() -> new AssertionError("no gateway span:" + OneTrace.describe(spans)));
            ReceivedSpan course = spans.stream().filter(OneTrace.of("course", SpanKind.SPAN_KIND_SERVER))
                    .findFirst().orElseThrow(() -> new AssertionError("no course span:" + OneTrace.describe(spans)));
            assertThat(gateway.name()).isEqualTo(course.name()).isEqualTo("cohort.course.v1.CourseService/Enroll");
            assertThat(OneTrace.descendsFrom(course, gateway, spans)).as("course under the gateway").isTrue();
            OneTrace.assertHas(spans, "course's statements", span -> span.service().equals("course")
                    && OneTrace.isStatement(span) && OneTrace.descendsFrom(span, course, spans));
            // Course reads the token deny-list in Redis unless it heard that token's answer within the last second
            // (ADR 63); notification publishes its live fan-out there: either way, Redis is in the trace.
            OneTrace.assertHas(spans, "a Redis command", span -> OneTrace.isRedis(span)
                    && (OneTrace.descendsFrom(span, course, spans) || !span.service().equals("course")));
            ReceivedSpan produce = spans.stream()
                    .filter(span -> span.service().equals("course") && OneTrace.isKafka(span, SpanKind.SPAN_KIND_PRODUCER))
                    .findFirst().orElseThrow(() -> new AssertionError("no Kafka produce:" + OneTrace.describe(spans)));
            assertThat(OneTrace.descendsFrom(produce, course, spans)).as("the produce under course's call").isTrue();
            List<ReceivedSpan> consumes = spans.stream()
                    .filter(span -> !span.service().equals("course") && OneTrace.isKafka(span, SpanKind.SPAN_KIND_CONSUMER)
                            && span.parentSpanId().equals(produce.spanId()))
                    .toList();
            assertThat(consumes).as("consumes of the event:%s", OneTrace.describe(spans)).isNotEmpty();
            OneTrace.assertHas(spans, "a consumer's own statements", span -> OneTrace.isStatement(span)
                    && consumes.stream().anyMatch(consume -> span.service().equals(consume.service())
                            && OneTrace.descendsFrom(span, consume, spans)));
        });
    }

    @Test
    void restClientsFollowTheStudentJourneyAndReadErrorsAsHttpStatusesThroughTheGateway() {
        runNodeSuite("node/rest-journey.test.mjs");
    }

    @Test
    void connectEsClientsCallUnaryAndServerStreamingRpcsOverGrpcWebThroughTheGateway() {
        runNodeSuite("node/grpc-web.test.mjs");
    }

    @Test
    void grpcJsClientsCallTheServicesDirectlyIncludingChatsBidirectionalStream() {
        runNodeSuite("node/grpc-native.test.mjs");
    }

    @Test
    void attacksOnEveryRouteOfTheContractsAreRefusedAtTheirRootNeverWithAServerError() {
        runNodeSuite("node/attack.test.mjs");
    }

    /**
     * The browser app's own client code (web-grpc-ui: session, token refresh, live feed, sends) against the same
     * gateway, in Node: its installed packages and generated clients come from that module's build, which the
     * reactor runs first (the gateway bundles the app).
     */
    @Test
    void theWebAppsClientCodeSignsInChatsAndFollowsAStreamThroughTheGateway() {
        Path webApp = ContractPaths.webAppDir();
        ExternalProcess.Result result = ExternalProcess.run(webApp, webAppEnvironment(), NODE_TIMEOUT,
                List.of("npm", "run", "test:e2e"));

        assertThat(result.timedOut()).as(result.describe()).isFalse();
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    /**
     * The built app in Chromium (playwright-core; the browser binary from the npm package @sparticuz/chromium, or
     * Debian's where installed): two people in two browser contexts sign up, enrol, form a group, chat live with a
     * thread, a reaction and typing, reload; find a message with the search box and open it in place, see the
     * unread count and the new-messages divider, lose the network and get every missed message back in order
     * without a reload; and axe-core finds no serious violation. A student reports another's message with
     * "Report…", the admin resolves it from the queue at /admin by removing it, the message goes from both members'
     * open conversation live and the reporter finds the outcome in the notifications; a student has no admin area
     * (web-grpc-ui/e2e/).
     */
    @Test
    void twoStudentsInARealBrowserFormAGroupAndChatLive() {
        // The verbose reporter prints each scenario as it ends, so a run that times out still says how far it got.
        ExternalProcess.Result result = ExternalProcess.run(ContractPaths.webAppDir(), webAppEnvironment(), BROWSER_TIMEOUT,
                List.of("npm", "run", "test:browser", "--", "--reporter=verbose"));

        assertThat(result.timedOut()).as(result.describe()).isFalse();
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    /**
     * After every suite above has driven the platform: the log every service and the gateway wrote (JSON, one
     * file for the stack) holds no access or refresh token, no password and no e-mail address, although the suites
     * registered, signed in, reset and mailed with all of them.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void theServicesLogsHoldNoTokensPasswordsOrEmailAddresses() {
        assertThat(settings.logFile()).isNotEmptyFile();

        assertThat(LogSecrets.scan(List.of(settings.logFile()))).isEmpty();
    }

    private static void runNodeSuite(String file) {
        ExternalProcess.Result result = ExternalProcess.run(ContractPaths.moduleDir(), environment(), NODE_TIMEOUT,
                List.of("node", "--test", "--test-reporter=spec", file));

        assertThat(result.timedOut()).as(result.describe()).isFalse();
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    /** Where the Node suites find the platform, its admin account and the contracts. */
    private static Map<String, String> environment() {
        return Map.ofEntries(
                Map.entry("COHORT_GATEWAY_URL", "http://127.0.0.1:" + settings.gatewayPort()),
                Map.entry("IDENTITY_ADDRESS", "127.0.0.1:" + settings.identityPort()),
                Map.entry("PROFILE_ADDRESS", "127.0.0.1:" + settings.profilePort()),
                Map.entry("COURSE_ADDRESS", "127.0.0.1:" + settings.coursePort()),
                Map.entry("GROUP_ADDRESS", "127.0.0.1:" + settings.groupPort()),
                Map.entry("CHAT_ADDRESS", "127.0.0.1:" + settings.chatPort()),
                Map.entry("MODERATION_ADDRESS", "127.0.0.1:" + settings.moderationPort()),
                Map.entry("COHORT_ADMIN_EMAIL", LocalStack.ADMIN_EMAIL),
                Map.entry("COHORT_ADMIN_PASSWORD", stack.adminPassword()),
                Map.entry("COHORT_PROTO_DIR", ContractPaths.protoDir().toString()),
                Map.entry("COHORT_PROTO_IMPORTS", ContractPaths.protoImports().toString()));
    }

    /** Where the web app's suites find the gateway and the admin account (web-grpc-ui/e2e). */
    private static Map<String, String> webAppEnvironment() {
        return Map.of(
                "COHORT_E2E_GATEWAY", "http://127.0.0.1:" + settings.gatewayPort(),
                "COHORT_E2E_ADMIN_EMAIL", LocalStack.ADMIN_EMAIL,
                "COHORT_E2E_ADMIN_PASSWORD", stack.adminPassword());
    }

    private static int freePort() {
        return StackSettings.freePort();
    }
}
