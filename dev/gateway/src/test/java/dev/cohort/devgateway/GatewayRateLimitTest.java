package dev.cohort.devgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import dev.cohort.identity.v1.GetJwksRequest;
import dev.cohort.identity.v1.GetMeRequest;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's rate limits as callers meet them, against a real identity service: REST gets 429 with the
 * google.rpc.Status JSON and Retry-After, gRPC-Web and gRPC get RESOURCE_EXHAUSTED; the buckets refill with
 * time and belong to one client address. Each test has a gateway of its own with tiny buckets and a clock it
 * moves by hand.
 */
class GatewayRateLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JWKS = "/.well-known/jwks.json";
    private static final String GET_JWKS_GRPC = "/cohort.identity.v1.IdentityService/GetJwks";
    /**
     * Three calls per ten seconds per address, five per user (looser, so the address limit is what the
     * anonymous tests meet), one per thirty seconds for Login and for Register.
     */
    private static final RateLimits TINY = new RateLimits(
            new RateLimits.TokenBucketSize(3, 3, Duration.ofSeconds(10)),
            new RateLimits.TokenBucketSize(5, 5, Duration.ofSeconds(10)),
            Map.of(RateLimits.LOGIN, new RateLimits.TokenBucketSize(1, 1, Duration.ofSeconds(30)),
                    RateLimits.REGISTER, new RateLimits.TokenBucketSize(1, 1, Duration.ofSeconds(30))));

    private static TestIdentity identity;
    private static HttpClient http;

    private final ManualClock clock = new ManualClock();
    private LocalGateway gateway;
    private String base;

    @BeforeAll
    static void startIdentity() throws Exception {
        identity = TestIdentity.shared();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @BeforeEach
    void startGateway() {
        gateway = LocalGateway.start(GatewaySettings.defaults()
                .withPort(0)
                .withUpstream(GatewaySettings.IDENTITY, identity.target())
                .withRateLimits(TINY), clock);
        base = "http://127.0.0.1:" + gateway.port();
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    @Test
    void answersRestCallsOverTheLimitWith429StatusJsonAndRetryAfter() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get(JWKS).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> refused = get(JWKS);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).hasValue("10");
        assertThat(refused.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        JsonNode status = JSON.readTree(refused.body());
        assertThat(status.fieldNames()).toIterable().containsExactlyInAnyOrder("code", "message", "details");
        assertThat(status.get("code").asInt()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED.value());
        assertThat(status.get("message").asText()).contains("rate limit");
        JsonNode errorInfo = detail(status, "type.googleapis.com/google.rpc.ErrorInfo");
        assertThat(errorInfo.get("reason").asText()).isEqualTo("RATE_LIMITED");
        assertThat(errorInfo.get("domain").asText()).isEqualTo("gateway.cohort.dev");
        assertThat(detail(status, "type.googleapis.com/google.rpc.RetryInfo").get("retryDelay").asText())
                .isEqualTo("10s");
    }

    @Test
    void answersGrpcWebCallsOverTheLimitWithResourceExhausted() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(GrpcWebFrames.parse(grpcWebGetJwks().body()).trailers()).contains("grpc-status: 0");
        }

        HttpResponse<byte[]> refused = grpcWebGetJwks();

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.headers().firstValue("grpc-status"))
                .hasValue(String.valueOf(Status.Code.RESOURCE_EXHAUSTED.value()));
        assertThat(URLDecoder.decode(refused.headers().firstValue("grpc-message").orElse(""), StandardCharsets.UTF_8))
                .contains("rate limit");
        assertThat(refused.headers().firstValue("grpc-status-details-bin")).isPresent();
    }

    @Test
    void answersGrpcCallsOverTheLimitWithResourceExhaustedAndRetryInfo() throws Exception {
        ManagedChannel channel = channelFrom("127.0.0.1");
        try {
            var identityStub = IdentityServiceGrpc.newBlockingStub(channel);
            for (int i = 0; i < 3; i++) {
                assertThat(identityStub.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getJwks(GetJwksRequest.getDefaultInstance()).getKeysCount()).isPositive();
            }

            assertThatThrownBy(() -> identityStub.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getJwks(GetJwksRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(refused.getStatus().getDescription()).contains("rate limit");
                        com.google.rpc.Status details = StatusProto.fromThrowable(refused);
                        assertThat(unpack(details, ErrorInfo.class).getReason()).isEqualTo("RATE_LIMITED");
                        assertThat(unpack(details, RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(10);
                    });
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void limitsLoginAndRegisterMoreTightlyThanTheRestOfTheApi() throws Exception {
        String login = "{\"email\":\"nobody-" + UUID.randomUUID() + "@example.com\",\"password\":\"wrong password\"}";
        String registration = "{\"email\":\"ada-" + UUID.randomUUID() + "@example.com\",\"password\":\""
                + TestIdentity.PASSWORD + "\",\"displayName\":\"Ada\"}";

        assertThat(post("/v1/identity/sessions", login).statusCode()).as("reaches identity").isEqualTo(401);
        HttpResponse<String> secondLogin = post("/v1/identity/sessions", login);
        assertThat(post("/v1/identity/users:register", registration).statusCode()).isEqualTo(200);
        HttpResponse<String> secondRegistration = post("/v1/identity/users:register", registration);

        assertThat(secondLogin.statusCode()).isEqualTo(429);
        assertThat(secondLogin.headers().firstValue("retry-after")).hasValue("30");
        assertThat(secondLogin.body()).contains("RATE_LIMITED", "IdentityService/Login");
        assertThat(secondRegistration.statusCode()).isEqualTo(429);
        assertThat(secondRegistration.body()).contains("RATE_LIMITED", "IdentityService/Register");
        assertThat(get(JWKS).statusCode()).as("the rest of the API has a token left").isEqualTo(200);
    }

    @Test
    void refillsTheBucketAsTimePasses() throws Exception {
        for (int i = 0; i < 3; i++) {
            get(JWKS);
        }
        assertThat(get(JWKS).headers().firstValue("retry-after")).hasValue("10");

        clock.advance(Duration.ofSeconds(4));
        HttpResponse<String> stillRefused = get(JWKS);
        clock.advance(Duration.ofSeconds(6));

        assertThat(stillRefused.statusCode()).isEqualTo(429);
        assertThat(stillRefused.headers().firstValue("retry-after")).hasValue("6");
        for (int i = 0; i < 3; i++) {
            assertThat(get(JWKS).statusCode()).as("call %d after the refill", i + 1).isEqualTo(200);
        }
        assertThat(get(JWKS).statusCode()).isEqualTo(429);
    }

    @Test
    void limitsEachClientAddressOnItsOwn() throws Exception {
        ManagedChannel ada = channelFrom("127.0.0.1");
        ManagedChannel grace = channelFrom("127.0.0.2");
        try {
            for (int i = 0; i < 3; i++) {
                getJwks(ada);
            }
            assertThat(codeOfGetJwks(ada)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);

            assertThat(codeOfGetJwks(grace)).as("another address has its own bucket").isEqualTo(Status.Code.OK);
            assertThat(codeOfGetJwks(ada)).as("and does not refill the first one")
                    .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        } finally {
            ada.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            grace.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientWritingForwardedForStillSpendsItsOwnAddresssTokens() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(getForwardedFor(JWKS, "198.51.100." + i).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> refused = getForwardedFor(JWKS, "198.51.100.99");

        assertThat(refused.statusCode()).as("a forged x-forwarded-for is not a new client").isEqualTo(429);
    }

    @Test
    void oneUserSpendingTheirBudgetStopsNeitherAnotherUserNorAnonymousCallsFromTheSameAddress() throws Exception {
        gateway.close();
        gateway = LocalGateway.start(GatewaySettings.defaults()
                .withPort(0)
                .withUpstream(GatewaySettings.IDENTITY, identity.target())
                .withRateLimits(new RateLimits(
                        new RateLimits.TokenBucketSize(10, 10, Duration.ofSeconds(10)),
                        new RateLimits.TokenBucketSize(2, 2, Duration.ofSeconds(10)),
                        Map.of())), clock);
        String ada = identity.newAccessToken();
        String grace = identity.newAccessToken();
        ManagedChannel home = channelFrom("127.0.0.1");
        ManagedChannel phone = channelFrom("127.0.0.2");
        try {
            assertThat(codeOfGetMe(home, ada)).isEqualTo(Status.Code.OK);
            assertThat(codeOfGetMe(home, ada)).isEqualTo(Status.Code.OK);
            assertThat(codeOfGetMe(home, ada)).as("ada's own budget is spent")
                    .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);

            assertThat(codeOfGetMe(phone, ada)).as("and follows her to another address")
                    .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(codeOfGetMe(home, grace)).as("another user at ada's address").isEqualTo(Status.Code.OK);
            assertThat(codeOfGetJwks(home)).as("an anonymous call at ada's address").isEqualTo(Status.Code.OK);
        } finally {
            home.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            phone.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Status.Code codeOfGetMe(ManagedChannel channel, String accessToken) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + accessToken);
        try {
            IdentityServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getMe(GetMeRequest.getDefaultInstance());
            return Status.Code.OK;
        } catch (StatusRuntimeException refused) {
            return refused.getStatus().getCode();
        }
    }

    private HttpResponse<String> getForwardedFor(String path, String forwardedFor) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Forwarded-For", forwardedFor)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> grpcWebGetJwks() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + GET_JWKS_GRPC))
                .header("Content-Type", "application/grpc-web+proto")
                .header("X-Grpc-Web", "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        GrpcWebFrames.request(GetJwksRequest.getDefaultInstance()))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A native gRPC client calling from the given loopback address (Linux routes all of 127/8 to loopback). */
    private ManagedChannel channelFrom(String localAddress) {
        return NettyChannelBuilder.forAddress("127.0.0.1", gateway.port()).usePlaintext()
                .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                    @Override
                    public SocketAddress createSocketAddress(SocketAddress remote, Attributes attributes) {
                        return new InetSocketAddress(localAddress, 0);
                    }
                })
                .build();
    }

    private static void getJwks(ManagedChannel channel) {
        IdentityServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getJwks(GetJwksRequest.getDefaultInstance());
    }

    private static Status.Code codeOfGetJwks(ManagedChannel channel) {
        try {
            getJwks(channel);
            return Status.Code.OK;
        } catch (StatusRuntimeException refused) {
            return refused.getStatus().getCode();
        }
    }

    private static JsonNode detail(JsonNode status, String type) {
        for (JsonNode detail : status.get("details")) {
            if (detail.get("@type").asText().equals(type)) {
                return detail;
            }
        }
        throw new AssertionError("no " + type + " in " + status);
    }

    private static <T extends com.google.protobuf.Message> T unpack(com.google.rpc.Status status, Class<T> type) {
        return status.getDetailsList().stream().filter(any -> any.is(type)).findFirst()
                .map(any -> {
                    try {
                        return any.unpack(type);
                    } catch (InvalidProtocolBufferException unreadable) {
                        throw new AssertionError(unreadable);
                    }
                })
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + status));
    }
}
