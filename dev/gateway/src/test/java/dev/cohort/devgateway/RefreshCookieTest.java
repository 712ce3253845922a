package dev.cohort.devgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.MessageLite;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.LoginRequest;
import dev.cohort.identity.v1.LoginResponse;
import dev.cohort.identity.v1.LogoutRequest;
import dev.cohort.identity.v1.RefreshRequest;
import dev.cohort.identity.v1.RefreshResponse;
import dev.cohort.identity.v1.RegisterRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web app's sign-in through the gateway (ADR 23), with the real identity service behind it: the refresh token
 * travels only in an HttpOnly, Secure, SameSite=Strict cookie scoped to the Refresh routes, never in a body a
 * script could read; a reload signs in again with the cookie alone; sign-out clears it. Native clients keep their
 * refresh token in the body.
 */
class RefreshCookieTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IDENTITY = "/cohort.identity.v1.IdentityService/";
    private static final String GRPC_WEB_REFRESH = IDENTITY + "Refresh";
    private static final String REST_REFRESH = "/v1/identity/sessions:refresh";
    private static final Pattern COOKIE = Pattern.compile("cohort_refresh=([^;]*)");

    private static TestIdentity identity;
    private static LocalGateway gateway;
    private static HttpClient http;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        identity = TestIdentity.shared();
        gateway = LocalGateway.start(GatewaySettings.defaults()
                .withPort(0)
                .withUpstream(GatewaySettings.IDENTITY, identity.target()));
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
    void signInPutsTheRefreshTokenInAnHttpOnlyCookieOfTheRefreshRoutesAndNotInTheBody() throws Exception {
        String email = newAccount();

        HttpResponse<byte[]> login = grpcWeb("Login", LoginRequest.newBuilder()
                .setEmail(email).setPassword(TestIdentity.PASSWORD).build(), null, null);

        List<String> cookies = login.headers().allValues("set-cookie");
        assertThat(cookies).hasSize(2);
        assertThat(cookies).allSatisfy(cookie -> assertThat(cookie)
                .contains("HttpOnly", "Secure", "SameSite=Strict", "Max-Age=")
                .doesNotContain("Max-Age=0;"));
        assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).contains("Path=" + GRPC_WEB_REFRESH + ";"));
        assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).contains("Path=" + REST_REFRESH + ";"));
        String refreshToken = cookieValue(cookies.get(0));
        assertThat(refreshToken).hasSizeGreaterThan(16);
        assertThat(cookieValue(cookies.get(1))).isEqualTo(refreshToken);

        LoginResponse body = LoginResponse.parseFrom(GrpcWebFrames.parse(login.body()).messages().get(0));
        assertThat(body.getTokens().getAccessToken()).isNotEmpty();
        assertThat(body.getTokens().getRefreshToken()).isEmpty();
        assertThat(new String(login.body(), StandardCharsets.ISO_8859_1)).doesNotContain(refreshToken);
    }

    @Test
    void aReloadSignsInAgainWithTheCookieAloneAndRotatesIt() throws Exception {
        String first = cookieValue(grpcWeb("Login", LoginRequest.newBuilder().setEmail(newAccount())
                .setPassword(TestIdentity.PASSWORD).build(), null, null).headers().allValues("set-cookie").get(0));

        // A reloaded page has no tokens in memory: an empty Refresh, the browser adds the cookie.
        HttpResponse<byte[]> refreshed = grpcWeb("Refresh", RefreshRequest.getDefaultInstance(),
                "cohort_refresh=" + first, null);

        GrpcWebFrames frames = GrpcWebFrames.parse(refreshed.body());
        assertThat(frames.trailers()).contains("grpc-status: 0");
        RefreshResponse body = RefreshResponse.parseFrom(frames.messages().get(0));
        assertThat(body.getTokens().getAccessToken()).isNotEmpty();
        assertThat(body.getTokens().getRefreshToken()).isEmpty();
        String second = cookieValue(refreshed.headers().allValues("set-cookie").get(0));
        assertThat(second).isNotEqualTo(first);
        assertThat(new String(refreshed.body(), StandardCharsets.ISO_8859_1)).doesNotContain(second);
    }

    @Test
    void aRefreshCalledWithTheCookieNeverShowsTheNewTokenEvenWithoutAskingForTheCookie() throws Exception {
        String token = cookieValue(grpcWeb("Login", LoginRequest.newBuilder().setEmail(newAccount())
                .setPassword(TestIdentity.PASSWORD).build(), null, null).headers().allValues("set-cookie").get(0));

        // What a script on the page can do: make the browser call Refresh (the cookie goes along), without the header.
        HttpResponse<byte[]> refreshed = http.send(HttpRequest.newBuilder(URI.create(base + GRPC_WEB_REFRESH))
                .header("Content-Type", "application/grpc-web+proto")
                .header("X-Grpc-Web", "1")
                .header("Cookie", "cohort_refresh=" + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(GrpcWebFrames.request(RefreshRequest.getDefaultInstance())))
                .build(), HttpResponse.BodyHandlers.ofByteArray());

        RefreshResponse body = RefreshResponse.parseFrom(GrpcWebFrames.parse(refreshed.body()).messages().get(0));
        assertThat(body.getTokens().getAccessToken()).isNotEmpty();
        assertThat(body.getTokens().getRefreshToken()).isEmpty();
        assertThat(refreshed.headers().allValues("set-cookie")).hasSize(2);
    }

    @Test
    void restSignInAndRefreshUseTheCookieToo() throws Exception {
        String email = newAccount();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/identity/sessions"))
                .header("Content-Type", "application/json")
                .header("cohort-refresh-token", "cookie")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\""
                        + TestIdentity.PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String token = cookieValue(login.headers().allValues("set-cookie").get(0));
        assertThat(JSON.readTree(login.body()).get("tokens").get("refreshToken").asText()).isEmpty();
        assertThat(login.body()).doesNotContain(token);

        HttpResponse<String> refreshed = http.send(HttpRequest.newBuilder(URI.create(base + REST_REFRESH))
                .header("Content-Type", "application/json")
                .header("Cookie", "theme=dark; cohort_refresh=" + token)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(refreshed.body()).get("tokens");
        assertThat(tokens.get("accessToken").asText()).isNotEmpty();
        assertThat(tokens.get("refreshToken").asText()).isEmpty();
        assertThat(cookieValue(refreshed.headers().allValues("set-cookie").get(0))).isNotEqualTo(token);
    }

    @Test
    void signOutClearsTheCookieAndEndsTheSignInItHeld() throws Exception {
        HttpResponse<byte[]> login = grpcWeb("Login", LoginRequest.newBuilder().setEmail(newAccount())
                .setPassword(TestIdentity.PASSWORD).build(), null, null);
        String token = cookieValue(login.headers().allValues("set-cookie").get(0));
        String accessToken = LoginResponse.parseFrom(GrpcWebFrames.parse(login.body()).messages().get(0))
                .getTokens().getAccessToken();

        HttpResponse<byte[]> logout = grpcWeb("Logout", LogoutRequest.getDefaultInstance(), null, accessToken);

        assertThat(GrpcWebFrames.parse(logout.body()).trailers()).contains("grpc-status: 0");
        List<String> cleared = logout.headers().allValues("set-cookie");
        assertThat(cleared).hasSize(2);
        assertThat(cleared).allSatisfy(cookie -> assertThat(cookie).startsWith("cohort_refresh=;")
                .contains("Max-Age=0", "HttpOnly", "Secure", "SameSite=Strict"));
        HttpResponse<byte[]> afterwards = grpcWeb("Refresh", RefreshRequest.getDefaultInstance(),
                "cohort_refresh=" + token, null);
        assertThat(grpcStatus(afterwards)).as("the signed-out refresh token no longer works").isNotEqualTo("0");
    }

    @Test
    void nativeClientsKeepTheirRefreshTokenInTheBodyAndGetNoCookie() throws Exception {
        String email = newAccount();

        HttpResponse<byte[]> login = http.send(HttpRequest.newBuilder(URI.create(base + IDENTITY + "Login"))
                .header("Content-Type", "application/grpc-web+proto")
                .header("X-Grpc-Web", "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(GrpcWebFrames.request(LoginRequest.newBuilder()
                        .setEmail(email).setPassword(TestIdentity.PASSWORD).build()))).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(login.headers().allValues("set-cookie")).isEmpty();
        LoginResponse body = LoginResponse.parseFrom(GrpcWebFrames.parse(login.body()).messages().get(0));
        assertThat(body.getTokens().getRefreshToken()).isNotEmpty();
    }

    /** A gRPC-Web call as the web app makes it (asking for the cookie), with a cookie and token if given. */
    private static HttpResponse<byte[]> grpcWeb(String rpc, MessageLite request, String cookie, String accessToken)
            throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + IDENTITY + rpc))
                .header("Content-Type", "application/grpc-web+proto")
                .header("X-Grpc-Web", "1")
                .header("cohort-refresh-token", "cookie")
                .POST(HttpRequest.BodyPublishers.ofByteArray(GrpcWebFrames.request(request)));
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        if (accessToken != null) {
            builder.header("Authorization", "Bearer " + accessToken);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The call's grpc-status: in the headers (trailers-only answer) or in the trailer frame. */
    private static String grpcStatus(HttpResponse<byte[]> response) {
        return response.headers().firstValue("grpc-status").orElseGet(() -> {
            Matcher status = Pattern.compile("grpc-status: ?(\\d+)")
                    .matcher(String.valueOf(GrpcWebFrames.parse(response.body()).trailers()));
            assertThat(status.find()).isTrue();
            return status.group(1);
        });
    }

    private static String cookieValue(String setCookie) {
        Matcher matcher = COOKIE.matcher(setCookie);
        assertThat(matcher.find()).as(setCookie).isTrue();
        return matcher.group(1);
    }

    /** Registers an account directly at identity; returns its e-mail. */
    private static String newAccount() throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", identity.port()).usePlaintext().build();
        try {
            String email = "cookie-" + UUID.randomUUID() + "@example.com";
            IdentityServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                    .register(RegisterRequest.newBuilder().setEmail(email).setPassword(TestIdentity.PASSWORD)
                            .setDisplayName("Ada").build());
            return email;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
