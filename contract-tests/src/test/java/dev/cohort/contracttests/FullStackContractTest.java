package dev.cohort.contracttests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.devstack.LocalStack;
import dev.cohort.devstack.StackSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * Each Node suite gets the addresses in its environment; its output is in the assertion message when it fails.
 */
class FullStackContractTest {

    private static final Duration NODE_TIMEOUT = Duration.ofMinutes(3);

    /** System properties {@link LocalStack#up()} sets for its services' logging; restored for the next classes. */
    private static final List<String> STACK_PROPERTIES = List.of(
            "logging.file.name", "logging.structured.format.file", "logging.threshold.console", "spring.main.banner-mode");

    @TempDir
    static Path home;

    private static final Map<String, String> propertiesBefore = new HashMap<>();
    private static StackSettings settings;
    private static LocalStack stack;

    @BeforeAll
    static void startThePlatform() throws Exception {
        STACK_PROPERTIES.forEach(name -> propertiesBefore.put(name, System.getProperty(name)));
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
        ExternalProcess.Result result = ExternalProcess.run(webApp,
                Map.of("COHORT_E2E_GATEWAY", "http://127.0.0.1:" + settings.gatewayPort()), NODE_TIMEOUT,
                List.of("npm", "run", "test:e2e"));

        assertThat(result.timedOut()).as(result.describe()).isFalse();
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    /**
     * The built app in Chromium (playwright-core; the browser binary from the npm package @sparticuz/chromium, or
     * Debian's where installed): two people in two browser contexts sign up, enrol, form a group, chat live with a
     * thread, a reaction and typing, reload; find a message with the search box and open it in place, see the
     * unread count and the new-messages divider, lose the network and get every missed message back in order
     * without a reload; and axe-core finds no serious violation (web-grpc-ui/e2e/).
     */
    @Test
    void twoStudentsInARealBrowserFormAGroupAndChatLive() {
        ExternalProcess.Result result = ExternalProcess.run(ContractPaths.webAppDir(),
                Map.of("COHORT_E2E_GATEWAY", "http://127.0.0.1:" + settings.gatewayPort()), NODE_TIMEOUT,
                List.of("npm", "run", "test:browser"));

        assertThat(result.timedOut()).as(result.describe()).isFalse();
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    private static void runNodeSuite(String file) {
        ExternalProcess.Result result = ExternalProcess.run(ContractPaths.moduleDir(), environment(), NODE_TIMEOUT,
                List.of("node", "--test", "--test-reporter=spec", file));

        assertThat(result.timedOut()).as(result.describe()).isFalse();
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    /** Where the Node suites find the platform and the contracts. */
    private static Map<String, String> environment() {
        return Map.of(
                "COHORT_GATEWAY_URL", "http://127.0.0.1:" + settings.gatewayPort(),
                "IDENTITY_ADDRESS", "127.0.0.1:" + settings.identityPort(),
                "PROFILE_ADDRESS", "127.0.0.1:" + settings.profilePort(),
                "COURSE_ADDRESS", "127.0.0.1:" + settings.coursePort(),
                "GROUP_ADDRESS", "127.0.0.1:" + settings.groupPort(),
                "CHAT_ADDRESS", "127.0.0.1:" + settings.chatPort(),
                "COHORT_PROTO_DIR", ContractPaths.protoDir().toString(),
                "COHORT_PROTO_IMPORTS", ContractPaths.protoImports().toString());
    }

    private static int freePort() {
        return StackSettings.freePort();
    }
}
