package dev.cohort.devgateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the local gateway listens, where each service lives, and the edge rules it shares with
 * {@code gateway-envoy/envoy.yaml}: the token issuer and audience, the CORS origins, the unary call timeout, the
 * rate limits.
 *
 * @param port           HTTP port for REST, gRPC-Web and gRPC (h2c); 0 picks a free one
 * @param upstreams      gRPC service full name ({@code cohort.identity.v1.IdentityService}) to {@code host:port}
 * @param issuer         the {@code iss} access tokens must carry
 * @param audience       the {@code aud} access tokens must carry
 * @param allowedOrigins CORS origins allowed to call the gateway from a browser
 * @param unaryTimeout   ceiling for every unary call; streaming ones have none (Envoy: route timeout 15 s, and
 *                       0 s on the streaming routes)
 * @param webRoot        the built web UI to serve at {@code /} (single-page app: page routes get index.html);
 *                       null for the one bundled on the classpath (web-grpc-ui's jar), if present
 * @param rateLimits     token buckets per client address and per user (envoy.yaml's local_ratelimit numbers by
 *                       default)
 */
public record GatewaySettings(
        int port,
        Map<String, String> upstreams,
        String issuer,
        String audience,
        Pattern allowedOrigins,
        Duration unaryTimeout,
        Path webRoot,
        RateLimits rateLimits) {

    public static final int DEFAULT_PORT = 8080;
    public static final String IDENTITY = "cohort.identity.v1.IdentityService";
    public static final String PROFILE = "cohort.profile.v1.ProfileService";
    public static final String COURSE = "cohort.course.v1.CourseService";
    public static final String GROUP = "cohort.group.v1.GroupService";
    public static final String CHAT = "cohort.chat.v1.ChatService";
    public static final String NOTIFICATION = "cohort.notification.v1.NotificationService";
    public static final String SEARCH = "cohort.search.v1.SearchService";
    public static final String MODERATION = "cohort.moderation.v1.ModerationService";

    /** envoy.yaml's origins, plus loopback (a web UI dev server on another port). */
    public static final Pattern DEFAULT_ORIGINS = Pattern.compile(
            "https://([a-z0-9-]+\\.)?cohort\\.dev|http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?");

    public GatewaySettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        upstreams = Map.copyOf(upstreams);
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(allowedOrigins, "allowedOrigins");
        if (unaryTimeout.isNegative() || unaryTimeout.isZero()) {
            throw new IllegalArgumentException("unary timeout must be positive");
        }
        Objects.requireNonNull(rateLimits, "rateLimits");
    }

    /** Port 8080, the services on their fixed local ports (BRIEF "Local run and ports"). */
    public static GatewaySettings defaults() {
        Map<String, String> upstreams = new LinkedHashMap<>();
        upstreams.put(IDENTITY, "127.0.0.1:9101");
        upstreams.put(PROFILE, "127.0.0.1:9102");
        upstreams.put(COURSE, "127.0.0.1:9103");
        upstreams.put(GROUP, "127.0.0.1:9104");
        upstreams.put(CHAT, "127.0.0.1:9105");
        upstreams.put(NOTIFICATION, "127.0.0.1:9106");
        upstreams.put(SEARCH, "127.0.0.1:9107");
        upstreams.put(MODERATION, "127.0.0.1:9108");
        return new GatewaySettings(DEFAULT_PORT, upstreams, "https://identity.cohort.dev", "cohort-api",
                DEFAULT_ORIGINS, Duration.ofSeconds(15), null, RateLimits.defaults());
    }

    public GatewaySettings withPort(int newPort) {
        return new GatewaySettings(newPort, upstreams, issuer, audience, allowedOrigins, unaryTimeout, webRoot,
                rateLimits);
    }

    /** The same settings with one service at another address. */
    public GatewaySettings withUpstream(String serviceName, String target) {
        Map<String, String> changed = new LinkedHashMap<>(upstreams);
        changed.put(serviceName, target);
        return new GatewaySettings(port, changed, issuer, audience, allowedOrigins, unaryTimeout, webRoot,
                rateLimits);
    }

    /** The same settings serving the web UI built into {@code root} (holding index.html). */
    public GatewaySettings withWebRoot(Path root) {
        return new GatewaySettings(port, upstreams, issuer, audience, allowedOrigins, unaryTimeout, root,
                rateLimits);
    }

    /** The same settings with other rate limits (tests use tiny buckets to reach them). */
    public GatewaySettings withRateLimits(RateLimits limits) {
        return new GatewaySettings(port, upstreams, issuer, audience, allowedOrigins, unaryTimeout, webRoot, limits);
    }
}
