package dev.cohort.devgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cohort.identity.v1.GetJwksRequest;
import dev.cohort.identity.v1.GetJwksResponse;
import dev.cohort.identity.v1.GetMeRequest;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.ports.FreePorts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's surface, seen from a browser or a REST client, against a real identity service
 * ({@link TestIdentity}): REST from the contracts, gRPC-Web, native gRPC, the token rule, CORS. With envoy.yaml's
 * rate limits, which none of these calls come near.
 */
class LocalGatewayTest {

    private static final String PASSWORD = TestIdentity.PASSWORD;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalGateway gateway;
    private static HttpClient http;
    private static String base;
    private static int downPort;
    private static java.nio.file.Path webRoot;

    @BeforeAll
    static void startIdentityAndGateway() throws Exception {
        TestIdentity identity = TestIdentity.shared();

        // profile, course, group and chat are not running: their routes show what a caller sees of a service that
        // is down.
        int nobodyListens = FreePorts.pick();
        webRoot = java.nio.file.Files.createTempDirectory("cohort-web");
        java.nio.file.Files.writeString(webRoot.resolve("index.html"), "<!doctype html><title>Cohort</title>");
        java.nio.file.Files.writeString(webRoot.resolve("app.js"), "console.log('cohort')");
        gateway = LocalGateway.start(GatewaySettings.defaults()
                .withPort(0)
                .withUpstream(GatewaySettings.IDENTITY, identity.target())
                .withUpstream(GatewaySettings.PROFILE, "127.0.0.1:" + nobodyListens)
                .withUpstream(GatewaySettings.COURSE, "127.0.0.1:" + nobodyListens)
                .withUpstream(GatewaySettings.GROUP, "127.0.0.1:" + nobodyListens)
                .withUpstream(GatewaySettings.CHAT, "127.0.0.1:" + nobodyListens)
                .withWebRoot(webRoot));
        downPort = nobodyListens;
        base = "http://127.0.0.1:" + gateway.port();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void registersOverRestAndAnswersInLowerCamelCase() throws Exception {
        String email = uniqueEmail();
        HttpResponse<String> response = register(email);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode user = JSON.readTree(response.body()).get("user");
        assertThat(user.get("email").asText()).isEqualTo(email);
        assertThat(user.get("displayName").asText()).isEqualTo("Ada");
        assertThat(user.get("userId").asText()).isNotBlank();
        assertThat(user.has("display_name")).isFalse();
    }

    @Test
    void signsInAndReadsOwnAccountWithBearerToken() throws Exception {
        String email = uniqueEmail();
        assertThat(register(email).statusCode()).isEqualTo(200);

        String accessToken = signIn(email);
        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/identity/me"))
                .header("Authorization", "Bearer " + accessToken)
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).get("user").get("email").asText()).isEqualTo(email);
    }

    /**
     * A token's first call is checked in full off the event loop (the relay opens from there); the next ones are
     * checked on the event loop from the cached result (ADR 75). Both relay the same answer.
     */
    @Test
    void relaysTheFirstCallOfATokenAndTheCallsAfterIt() throws Exception {
        String email = uniqueEmail();
        assertThat(register(email).statusCode()).isEqualTo(200);
        String accessToken = signIn(email);

        for (int call = 1; call <= 3; call++) {
            HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/identity/me"))
                    .header("Authorization", "Bearer " + accessToken).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(me.statusCode()).as("call %d: %s", call, me.body()).isEqualTo(200);
            assertThat(JSON.readTree(me.body()).get("user").get("email").asText()).isEqualTo(email);
        }
    }

    @Test
    void refusesGuardedRouteWithoutValidTokenAt401() throws Exception {
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/identity/me"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/identity/me"))
                .header("Authorization", "Bearer not.a.token").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(401);
        assertThat(missing.body()).contains("TOKEN_MISSING");
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(401);
        assertThat(forged.body()).contains("TOKEN_MALFORMED");
    }

    @Test
    void letsPublicRpcThroughEvenWithAnInvalidToken() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/identity/users:register"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer expired.or.forged")
                .POST(HttpRequest.BodyPublishers.ofString(registration(uniqueEmail()))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void rejectsInvalidEmailAt400WithErrorDetails() throws Exception {
        HttpResponse<String> response = register("not-an-email");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.get("code").asInt()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
        assertThat(status.get("details").toString()).contains("email", "google.rpc.BadRequest", "fieldViolations");
        assertThat(status.fieldNames()).toIterable().containsExactlyInAnyOrder("code", "message", "details");
    }

    @Test
    void rejectsSecondRegistrationOfSameEmailAt409() throws Exception {
        String email = uniqueEmail();
        assertThat(register(email).statusCode()).isEqualTo(200);

        HttpResponse<String> again = register(email);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    }

    @Test
    void publishesJwkSetAtWellKnownPath() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/jwks.json"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode keys = JSON.readTree(response.body()).get("keys");
        assertThat(keys.isArray()).isTrue();
        assertThat(keys.size()).isPositive();
        assertThat(keys.get(0).get("kid").asText()).isNotBlank();
    }

    @Test
    void answersGrpcWebBinaryWithStatusTrailerFrame() throws Exception {
        byte[] message = GetJwksRequest.getDefaultInstance().toByteArray();
        ByteBuffer frame = ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message);

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/cohort.identity.v1.IdentityService/GetJwks"))
                .header("Content-Type", "application/grpc-web+proto")
                .header("X-Grpc-Web", "1")
                .header("Origin", "https://app.cohort.dev")
                .POST(HttpRequest.BodyPublishers.ofByteArray(frame.array())).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("content-type")).containsExactly("application/grpc-web+proto");
        assertThat(response.headers().firstValue("access-control-expose-headers").orElse(""))
                .contains("grpc-status", "grpc-message", "grpc-status-details-bin");
        ByteBuffer body = ByteBuffer.wrap(response.body());
        GetJwksResponse jwks = null;
        String trailers = null;
        while (body.remaining() >= 5) {
            byte flag = body.get();
            byte[] payload = new byte[body.getInt()];
            body.get(payload);
            if ((flag & 0x80) != 0) {
                trailers = new String(payload, StandardCharsets.US_ASCII);
            } else {
                jwks = GetJwksResponse.parseFrom(payload);
            }
        }
        assertThat(jwks).isNotNull();
        assertThat(jwks.getKeysCount()).isPositive();
        assertThat(trailers).containsIgnoringCase("grpc-status: 0");
    }

    @Test
    void answersGrpcWebErrorsWithOneContentTypeAndStatusInHeaders() throws Exception {
        byte[] message = GetMeRequest.getDefaultInstance().toByteArray();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(ByteBuffer.allocate(5).put((byte) 0).putInt(message.length).array());
        frame.write(message);

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/cohort.identity.v1.IdentityService/GetMe"))
                .header("Content-Type", "application/grpc-web+proto")
                .POST(HttpRequest.BodyPublishers.ofByteArray(frame.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.headers().allValues("content-type")).hasSize(1);
        assertThat(response.headers().firstValue("grpc-status"))
                .hasValue(String.valueOf(Status.Code.UNAUTHENTICATED.value()));
    }

    @Test
    void answersCorsPreflightWithGrpcWebHeadersAllowedAndStatusExposed() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/cohort.identity.v1.IdentityService/GetMe"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.cohort.dev")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-grpc-web,authorization")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("https://app.cohort.dev");
        assertThat(response.headers().firstValue("access-control-allow-methods").orElse("")).contains("POST");
        assertThat(response.headers().firstValue("access-control-allow-headers").orElse(""))
                .contains("authorization", "content-type", "x-grpc-web", "x-user-agent", "grpc-timeout",
                        "cohort-refresh-token");
        assertThat(response.headers().firstValue("access-control-allow-credentials")).hasValue("true");
        assertThat(response.headers().firstValue("access-control-expose-headers").orElse(""))
                .contains("grpc-status", "grpc-message", "grpc-status-details-bin");
    }

    @Test
    void answersCorsPreflightOfRestRoutes() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/identity/me"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("http://localhost:5173");
    }

    @Test
    void refusesCorsPreflightFromForeignOrigin() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/identity/me"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void servesNativeGrpcWithTheSameTokenRule() throws Exception {
        String email = uniqueEmail();
        assertThat(register(email).statusCode()).isEqualTo(200);
        String accessToken = signIn(email);
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", gateway.port()).usePlaintext().build();
        try {
            var stub = IdentityServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> stub.getMe(GetMeRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            refused -> assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));

            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + accessToken);
            var me = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .getMe(GetMeRequest.getDefaultInstance());
            assertThat(me.getUser().getEmail()).isEqualTo(email);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void answersHealthCheckAndUnknownRoutes() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/nothing-here")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void answersGrpcWebTextCalls() throws Exception {
        byte[] message = GetJwksRequest.getDefaultInstance().toByteArray();
        ByteBuffer frame = ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/cohort.identity.v1.IdentityService/GetJwks"))
                .header("Content-Type", "application/grpc-web-text+proto")
                .POST(HttpRequest.BodyPublishers.ofString(Base64.getEncoder().encodeToString(frame.array()))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/grpc-web-text+proto");
        StringBuilder decoded = new StringBuilder();
        // Each frame is base64-encoded on its own: decode chunk by chunk at the padding.
        for (String chunk : response.body().split("(?<==)(?=[^=])")) {
            decoded.append(new String(Base64.getDecoder().decode(chunk), StandardCharsets.ISO_8859_1));
        }
        assertThat(decoded.toString()).contains("grpc-status: 0").contains("ES256");
    }

    @Test
    void answersCallsToServiceThatIsDownWith503WithoutInternalAddresses() throws Exception {
        String email = uniqueEmail();
        assertThat(register(email).statusCode()).isEqualTo(200);
        String accessToken = signIn(email);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/course/terms"))
                .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.body()).contains("service unavailable")
                .doesNotContain("127.0.0.1").doesNotContain(String.valueOf(downPort));
    }

    @Test
    void servesWebUiWithPageRoutesFallingBackToIndex() throws Exception {
        HttpResponse<String> root = get("/");
        HttpResponse<String> script = get("/app.js");
        HttpResponse<String> page = get("/groups/42");
        HttpResponse<String> missingAsset = get("/missing.css");

        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).contains("<title>Cohort</title>");
        assertThat(script.body()).contains("console.log");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Cohort</title>");
        assertThat(missingAsset.statusCode()).isEqualTo(404);
        assertThat(get("/v1/not-a-route").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> register(String email) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/v1/identity/users:register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(registration(email))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String registration(String email) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"Ada\"}";
    }

    private static String signIn(String email) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/identity/sessions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(response.body()).get("tokens");
        assertThat(tokens.get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(tokens.get("refreshToken").asText()).isNotBlank();
        return tokens.get("accessToken").asText();
    }

    private static String uniqueEmail() {
        return "ada-" + UUID.randomUUID() + "@example.com";
    }
}
