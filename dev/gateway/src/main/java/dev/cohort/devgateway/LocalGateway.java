package dev.cohort.devgateway;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.grpc.GrpcJsonMarshaller;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.cors.CorsService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.HttpJsonTranscodingOptions;
import dev.cohort.auth.AccessPolicies;
import dev.cohort.auth.AccessTokenVerifier;
import dev.cohort.auth.AuthSettings;
import dev.cohort.auth.CachingJwkProvider;
import dev.cohort.auth.GrpcJwkSetSource;
import dev.cohort.auth.TokenDenyList;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.notification.v1.NotificationServiceGrpc;
import dev.cohort.moderation.v1.ModerationServiceGrpc;
import dev.cohort.search.v1.SearchServiceGrpc;
import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.group.v1.GroupServiceGrpc;
import dev.cohort.grpc.server.StatusMapper;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.profile.v1.ProfileServiceGrpc;
import dev.cohort.telemetry.CohortTelemetry;
import dev.cohort.telemetry.TelemetrySettings;
import io.grpc.Channel;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway {@code ./cohort up} runs on port 8080 where production runs Envoy ({@code gateway-envoy/}): the
 * same surface — REST from the contracts' {@code google.api.http} rules, gRPC-Web (binary and text), gRPC —
 * the same token rule, CORS policy and timeouts, forwarding every call over gRPC to its service.
 *
 * <p>Run it alone ({@link #main}), or in-process with {@link #start(GatewaySettings)} as the local stack does.
 * The rate limits are envoy.yaml's buckets, per client address and per signed-in user ({@link RateLimits}).
 * Not implemented from envoy.yaml: idle timeouts of streams, the {@code x-ratelimit-*} headers, rejecting unknown
 * query parameters, the access log.
 */
public final class LocalGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalGateway.class);

    /** The services the gateway knows, as generated from proto/ (envoy.yaml's transcoder list). */
    static final List<ServiceDescriptor> SERVICES = List.of(
            IdentityServiceGrpc.getServiceDescriptor(),
            ProfileServiceGrpc.getServiceDescriptor(),
            CourseServiceGrpc.getServiceDescriptor(),
            GroupServiceGrpc.getServiceDescriptor(),
            ChatServiceGrpc.getServiceDescriptor(),
            NotificationServiceGrpc.getServiceDescriptor(),
            SearchServiceGrpc.getServiceDescriptor(),
            ModerationServiceGrpc.getServiceDescriptor());

    /** The gateway's own refusals (token, rate limit) carry ErrorInfo in this domain. */
    private static final StatusMapper EDGE_ERRORS = new StatusMapper("gateway.cohort.dev");

    private final Server server;
    private final List<UpstreamChannel> channels;

    private LocalGateway(Server server, List<UpstreamChannel> channels) {
        this.server = server;
        this.channels = channels;
    }

    /**
     * Standalone: {@code --port=8080 --identity=127.0.0.1:9101 --profile=127.0.0.1:9102 --course=127.0.0.1:9103
     * --group=127.0.0.1:9104 --chat=127.0.0.1:9105} (each optional, defaults as shown), {@code --web-root=web/dist} to serve the web UI,
     * {@code --limit-per-address=100/200} and {@code --limit-per-user=50/100} (calls a second / burst) to change
     * the rate limits.
     */
    public static void main(String[] args) {
        GatewaySettings settings = GatewaySettings.defaults();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            settings = switch (pair[0]) {
                case "port" -> settings.withPort(Integer.parseInt(pair[1]));
                case "identity" -> settings.withUpstream(GatewaySettings.IDENTITY, pair[1]);
                case "profile" -> settings.withUpstream(GatewaySettings.PROFILE, pair[1]);
                case "course" -> settings.withUpstream(GatewaySettings.COURSE, pair[1]);
                case "group" -> settings.withUpstream(GatewaySettings.GROUP, pair[1]);
                case "chat" -> settings.withUpstream(GatewaySettings.CHAT, pair[1]);
                case "notification" -> settings.withUpstream(GatewaySettings.NOTIFICATION, pair[1]);
                case "search" -> settings.withUpstream(GatewaySettings.SEARCH, pair[1]);
                case "moderation" -> settings.withUpstream(GatewaySettings.MODERATION, pair[1]);
                case "web-root" -> settings.withWebRoot(java.nio.file.Path.of(pair[1]));
                case "limit-per-address" -> settings.withRateLimits(
                        settings.rateLimits().withPerAddress(RateLimits.TokenBucketSize.parse(pair[1])));
                case "limit-per-user" -> settings.withRateLimits(
                        settings.rateLimits().withPerUser(RateLimits.TokenBucketSize.parse(pair[1])));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            };
        }
        // OTLP export when cohort.telemetry.otlp.endpoint (system property) or OTEL_EXPORTER_OTLP_ENDPOINT is set.
        CohortTelemetry telemetry = CohortTelemetry.create("gateway",
                TelemetrySettings.from(name -> System.getProperty(name, System.getenv(name))));
        LocalGateway gateway = start(settings, telemetry);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            telemetry.close();
        }, "gateway-shutdown"));
    }

    /** Starts listening; returns once the port is bound. Close to stop. */
    public static LocalGateway start(GatewaySettings settings) {
        return start(settings, CohortTelemetry.propagationOnly(), Clock.systemUTC());
    }

    /**
     * As {@link #start(GatewaySettings)}, each call a SERVER span of {@code telemetry} (in the caller's trace, if it
     * sent one) and its relay to the service a CLIENT span under it (ADR 61). The caller closes the telemetry.
     */
    public static LocalGateway start(GatewaySettings settings, CohortTelemetry telemetry) {
        return start(settings, telemetry, Clock.systemUTC());
    }

    /** As {@link #start(GatewaySettings)}, with the clock that refills the rate-limit buckets. */
    static LocalGateway start(GatewaySettings settings, InstantSource rateLimitClock) {
        return start(settings, CohortTelemetry.propagationOnly(), rateLimitClock);
    }

    private static LocalGateway start(GatewaySettings settings, CohortTelemetry telemetry,
                                      InstantSource rateLimitClock) {
        List<UpstreamChannel> channels = new ArrayList<>();
        try {
            EdgeAuthentication authentication = null;
            GrpcServiceBuilderHolder services = new GrpcServiceBuilderHolder();
            for (ServiceDescriptor service : SERVICES) {
                String target = settings.upstreams().get(service.getName());
                if (target == null) {
                    continue;
                }
                UpstreamChannel channel = new UpstreamChannel(target, telemetry.grpcClientInterceptor());
                channels.add(channel);
                if (service.getName().equals(GatewaySettings.IDENTITY)) {
                    authentication = authentication(settings, channel);
                }
                services.add(service, channel);
            }
            if (authentication == null) {
                throw new IllegalArgumentException("the gateway needs identity's address to verify tokens");
            }
            EdgeRateLimit rateLimit = new EdgeRateLimit(
                    new ClientRateLimiter(settings.rateLimits(), rateLimitClock), EDGE_ERRORS);
            GrpcService grpc = services.build(authentication, rateLimit, settings, telemetry.grpcServerInterceptor());
            var builder = Server.builder();
            // The configured web root, else the UI bundled on the classpath (web-grpc-ui), else none.
            WebUi.serving(settings.webRoot()).ifPresent(ui -> builder.service(WebUi.ROUTE, ui));
            Server server = builder
                    .http(settings.port())
                    // Unary ceiling (envoy.yaml route timeout); grpc-timeout from the caller may shorten it.
                    .requestTimeout(settings.unaryTimeout())
                    .service(grpc, GatewayRoutes.streamingWithoutTimeout())
                    .route().get("/healthz").build((ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "ok"))
                    .decorator(cors(settings))
                    .build();
            server.start().join();
            LocalGateway gateway = new LocalGateway(server, List.copyOf(channels));
            log.info("local gateway listening on port {}, forwarding {}", gateway.port(), settings.upstreams());
            return gateway;
        } catch (RuntimeException failed) {
            channels.forEach(UpstreamChannel::closeNow);
            throw failed;
        }
    }

    /** The port it listens on (useful with port 0). */
    public int port() {
        return server.activeLocalPort();
    }

    @Override
    public void close() {
        server.stop().join();
        channels.forEach(UpstreamChannel::close);
    }

    private static EdgeAuthentication authentication(GatewaySettings settings, Channel identity) {
        AccessTokenVerifier verifier = new AccessTokenVerifier(
                AuthSettings.of(settings.issuer(), settings.audience()),
                // envoy.yaml caches the JWK Set 5 minutes; refetches on an unknown key id at most every 2 s.
                new CachingJwkProvider(new GrpcJwkSetSource(identity, Duration.ofSeconds(5)),
                        Duration.ofMinutes(5), Duration.ofSeconds(2), Clock.systemUTC()),
                // Like Envoy's jwt_authn, the edge checks signature, issuer, audience and times; revocation is the
                // services' check (they share the deny list in Redis, the gateway does not).
                TokenDenyList.none(), Clock.systemUTC());
        return new EdgeAuthentication(new AccessPolicies(), verifier, EDGE_ERRORS);
    }

    /** envoy.yaml's CORS policy. */
    private static java.util.function.Function<? super HttpService, CorsService> cors(GatewaySettings settings) {
        return CorsService.builder(origin -> settings.allowedOrigins().matcher(origin).matches())
                .allowRequestMethods(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
                        HttpMethod.DELETE, HttpMethod.OPTIONS)
                .allowRequestHeaders("authorization", "content-type", "x-grpc-web", "x-user-agent", "grpc-timeout",
                        "cohort-refresh-token")
                // The refresh-token cookie (ADR 23) goes along on calls from the app's other cohort.dev origins.
                .allowCredentials()
                .exposeHeaders("grpc-status", "grpc-message", "grpc-status-details-bin")
                .maxAge(86400)
                // Browsers read these from actual answers; listed on preflights too, for tools that look there.
                .preflightResponseHeader("access-control-expose-headers",
                        "grpc-status, grpc-message, grpc-status-details-bin")
                .newDecorator();
    }

    /** Collects one relaying {@link ServerServiceDefinition} per service. */
    private static final class GrpcServiceBuilderHolder {
        private final List<ServiceDescriptor> descriptors = new ArrayList<>();
        private final List<Channel> upstreams = new ArrayList<>();

        void add(ServiceDescriptor descriptor, Channel upstream) {
            descriptors.add(descriptor);
            upstreams.add(upstream);
        }

        GrpcService build(EdgeAuthentication authentication, EdgeRateLimit rateLimit, GatewaySettings settings,
                          ServerInterceptor tracing) {
            var builder = GrpcService.builder();
            for (int i = 0; i < descriptors.size(); i++) {
                // Outermost: the token check, rate limit and relay all run inside the call's span.
                builder.addService(ServerInterceptors.intercept(relay(descriptors.get(i), upstreams.get(i),
                        authentication, rateLimit, settings.unaryTimeout()), tracing));
            }
            return builder
                    .enableHttpJsonTranscoding(HttpJsonTranscodingOptions.builder()
                            .errorHandler(new RpcStatusJson())
                            .build())
                    .supportedSerializationFormats(GrpcSerializationFormats.values())
                    // envoy.yaml print options: lowerCamelCase names, default values printed, enums by name.
                    .jsonMarshallerFactory(descriptor -> GrpcJsonMarshaller.builder()
                            .jsonMarshallerCustomizer(json -> json
                                    .preservingProtoFieldNames(false)
                                    .includingDefaultValueFields(true)
                                    .printingEnumsAsInts(false)
                                    .omittingInsignificantWhitespace(true))
                            .build(descriptor))
                    // Calls start on the event loop: RelayHandler checks an already verified token there and
                    // hops to the blocking-task executor only for a token that may need the JWK Set fetched.
                    .useBlockingTaskExecutor(false)
                    .build();
        }
    }

    static ServerServiceDefinition relay(ServiceDescriptor descriptor, Channel upstream,
            EdgeAuthentication authentication, EdgeRateLimit rateLimit, Duration unaryTimeout) {
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(descriptor);
        for (MethodDescriptor<?, ?> method : descriptor.getMethods()) {
            addRelay(definition, method, upstream, authentication, rateLimit, unaryTimeout);
        }
        return definition.build();
    }

    private static <Q, R> void addRelay(ServerServiceDefinition.Builder definition, MethodDescriptor<Q, R> method,
            Channel upstream, EdgeAuthentication authentication, EdgeRateLimit rateLimit,
            Duration unaryTimeout) {
        definition.addMethod(method, new RelayHandler<>(method, upstream, authentication, rateLimit, unaryTimeout));
    }

    /** Paths of the streaming methods, which have no request timeout (envoy.yaml: {@code timeout: 0s}). */
    static Set<String> streamingPaths() {
        return SERVICES.stream()
                .flatMap(service -> service.getMethods().stream())
                .filter(RelayHandler::streams)
                .map(method -> "/" + method.getFullMethodName())
                .collect(Collectors.toUnmodifiableSet());
    }
}
