package dev.cohort.gateway.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Durations;
import dev.cohort.devgateway.GatewaySettings;
import dev.cohort.devgateway.RateLimits;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.LocalRateLimitDescriptor;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.grpc_json_transcoder.v3.GrpcJsonTranscoder;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtProvider;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtRequirement;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.RequirementRule;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * envoy.yaml agrees with the build: the contracts in the descriptor set (which services have REST bindings, which
 * RPCs stream, which are public), the services' own settings (ports, token issuer and audience) and the ports
 * the design brief fixes. Nothing here lists the services by hand except that brief's port table.
 */
class EnvoyConfigContractTest {

    /** The design brief's fixed gRPC ports. */
    private static final Map<String, Integer> SERVICE_PORTS = Map.of(
            "identity", 9101, "profile", 9102, "course", 9103, "group", 9104,
            "chat", 9105, "notification", 9106, "search", 9107, "moderation", 9108);

    private static final int GATEWAY_PORT = 8080;
    private static final String JWKS_CLUSTER = "cohort_gateway_self";
    private static final String TRANSCODER_DESCRIPTOR = "/etc/envoy/" + ProjectFiles.DESCRIPTOR_FILE_NAME;
    private static final List<String> FILTER_ORDER = List.of(
            GatewayConfig.CORS, GatewayConfig.JWT_AUTHN, GatewayConfig.GRPC_WEB, GatewayConfig.TRANSCODER,
            GatewayConfig.LOCAL_RATE_LIMIT, GatewayConfig.ROUTER);

    private static final String IDENTITY_SERVICE = "cohort.identity.v1.IdentityService";
    /** identity's api.RefreshTokenCookie: the routes its cookie is scoped to, and the header asking for it. */
    private static final List<String> REFRESH_COOKIE_PATHS = List.of(
            "/cohort.identity.v1.IdentityService/Refresh", "/v1/identity/sessions:refresh");
    private static final String REFRESH_COOKIE_MODE_HEADER = "cohort-refresh-token";

    private static GatewayConfig gateway;
    private static Contracts contracts;

    @BeforeAll
    static void load() throws Exception {
        Bootstrap bootstrap = EnvoyYaml.parseBootstrap(ProjectFiles.envoyConfig());
        gateway = new GatewayConfig(bootstrap);
        contracts = Contracts.read(ProjectFiles.descriptorSet());
    }

    // ---- transcoding and routing ----

    @Test
    void transcodesEveryServiceThatHasRestBindings() {
        assertThat(contracts.annotatedServiceNames()).as("services with google.api.http annotations").isNotEmpty();

        assertThat(gateway.transcoder().getServicesList())
                .as("grpc_json_transcoder.services must list every service with google.api.http annotations")
                .containsAll(contracts.annotatedServiceNames());
    }

    @Test
    void transcodesOnlyServicesThatTheDescriptorSetDefines() {
        assertThat(contracts.serviceNames())
                .as("every service in grpc_json_transcoder.services must exist in %s", ProjectFiles.descriptorSet())
                .containsAll(gateway.transcoder().getServicesList());
        assertThat(gateway.transcoder().getServicesList()).doesNotHaveDuplicates();
    }

    @Test
    void routesEveryRpcOfEveryTranscodedServiceToItsServicesCluster() {
        List<String> problems = new ArrayList<>();
        for (Contracts.Service service : gatewayServices()) {
            for (Contracts.Method method : service.methods()) {
                Route route = gateway.routeFor(method.grpcPath()).orElse(null);
                if (route == null || !route.hasRoute()) {
                    problems.add(method + ": no route forwards " + method.grpcPath());
                    continue;
                }
                String cluster = route.getRoute().getCluster();
                if (!cluster.equals(service.domain())) {
                    problems.add(method + ": routed to cluster '" + cluster + "', expected '" + service.domain() + "'");
                } else if (gateway.cluster(cluster).isEmpty()) {
                    problems.add(method + ": route names cluster '" + cluster + "', which is not defined");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void givesStreamingRpcsAnIdleTimeoutInsteadOfARequestTimeout() {
        List<String> problems = new ArrayList<>();
        List<Contracts.Method> routed = routedMethods();
        assertThat(routed).as("the routed RPCs include streaming ones").anyMatch(Contracts.Method::streaming);
        for (Contracts.Method method : routed) {
            RouteAction action = gateway.routeFor(method.grpcPath()).orElseThrow().getRoute();
            long timeout = Durations.toMillis(action.getTimeout());
            long idle = Durations.toMillis(action.getIdleTimeout());
            boolean honoursDeadlines = action.getMaxStreamDuration().hasGrpcTimeoutHeaderMax();
            long deadlineCap = Durations.toMillis(action.getMaxStreamDuration().getGrpcTimeoutHeaderMax());
            if (method.streaming()) {
                if (!action.hasTimeout() || timeout != 0 || idle <= 0 || !honoursDeadlines) {
                    problems.add(method + " streams: needs timeout 0s, an idle_timeout and "
                            + "max_stream_duration.grpc_timeout_header_max, has " + action);
                }
            } else if (timeout <= 0 || !honoursDeadlines || deadlineCap <= 0 || deadlineCap > timeout) {
                problems.add(method + " is unary: needs a timeout and a grpc_timeout_header_max within it, has "
                        + action);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void answersAnythingElseWithNotFoundAndNeverLoopsBackToItself() {
        List<Route> routes = gateway.routes();
        Route last = routes.get(routes.size() - 1);

        assertThat(last.getMatch().getPrefix()).isEqualTo("/");
        assertThat(last.hasDirectResponse()).isTrue();
        assertThat(last.getDirectResponse().getStatus()).isEqualTo(404);
        assertThat(routes).noneMatch(r -> r.hasRoute() && r.getRoute().getCluster().equals(JWKS_CLUSTER));
        assertThat(routes).allMatch(r -> r.hasRoute() || r == last);
    }

    @Test
    void loadsTheDescriptorSetTheBuildProduces() throws Exception {
        Document protoPom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ProjectFiles.protoModulePom().toFile());
        String produced = protoPom.getElementsByTagName("outputDescriptorFile").item(0).getTextContent().trim();

        assertThat(gateway.transcoder().getProtoDescriptor()).isEqualTo(TRANSCODER_DESCRIPTOR);
        assertThat(produced).endsWith("/descriptors/" + ProjectFiles.DESCRIPTOR_FILE_NAME);
        assertThat(ProjectFiles.descriptorSet().getFileName().toString()).isEqualTo(ProjectFiles.DESCRIPTOR_FILE_NAME);
    }

    @Test
    void transcodesWithTheAgreedJsonAndValidationOptions() {
        GrpcJsonTranscoder transcoder = gateway.transcoder();

        assertThat(transcoder.getConvertGrpcStatus()).isTrue();
        assertThat(transcoder.getAutoMapping()).isFalse();
        assertThat(transcoder.getPrintOptions().getAddWhitespace()).isFalse();
        assertThat(transcoder.getPrintOptions().getAlwaysPrintPrimitiveFields()).isTrue();
        assertThat(transcoder.getPrintOptions().getPreserveProtoFieldNames()).isFalse();
        assertThat(transcoder.getPrintOptions().getAlwaysPrintEnumsAsInts()).isFalse();
        assertThat(transcoder.getRequestValidationOptions().getRejectUnknownMethod()).isTrue();
        assertThat(transcoder.getRequestValidationOptions().getRejectUnknownQueryParameters()).isTrue();
    }

    /**
     * The local gateway ({@code dev/gateway}, what {@code ./cohort up} runs) relays exactly the services routed here,
     * each to the fixed port of this file's cluster for it: one surface in production and on a laptop.
     */
    @Test
    void routesTheSameServicesToTheSamePortsAsTheLocalGateway() {
        Map<String, String> local = GatewaySettings.defaults().upstreams();
        Set<String> routed = gatewayServices().stream().map(Contracts.Service::fullName)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(new TreeSet<>(local.keySet())).as("services the local gateway relays, against envoy.yaml's")
                .isEqualTo(routed);
        for (Contracts.Service service : gatewayServices()) {
            int port = GatewayConfig.onlyAddress(gateway.cluster(service.domain()).orElseThrow()).getPortValue();
            assertThat(local.get(service.fullName())).as("the local gateway's upstream of %s", service.fullName())
                    .endsWith(":" + port);
        }
    }

    // ---- clusters ----

    @Test
    void pointsEachServiceClusterAtThatServicesFixedPort() {
        for (Cluster cluster : serviceClusters()) {
            String service = cluster.getName();
            SocketAddress address = GatewayConfig.onlyAddress(cluster);

            assertThat(SERVICE_PORTS).as("cluster %s names a service of the brief", service).containsKey(service);
            assertThat(Files.isDirectory(ProjectFiles.serviceDir(service)))
                    .as("cluster %s names a service that exists in services/", service).isTrue();
            assertThat(address.getPortValue()).as("port of cluster %s", service).isEqualTo(SERVICE_PORTS.get(service));
            assertThat(address.getAddress()).as("address of cluster %s", service)
                    .isEqualTo(service + ".cohort.svc.cluster.local");
            ProjectFiles.serviceSettings(service)
                    .flatMap(settings -> YamlTree.valueAt(settings, "spring.grpc.server.port"))
                    .ifPresent(port -> assertThat(port).as("services/%s's own gRPC port", service)
                            .isEqualTo(SERVICE_PORTS.get(service)));
        }
    }

    @Test
    void hasAClusterForEveryTranscodedService() {
        Set<String> clusters = serviceClusters().stream().map(Cluster::getName).collect(Collectors.toSet());
        Set<String> domains = gatewayServices().stream().map(Contracts.Service::domain).collect(Collectors.toSet());

        assertThat(clusters).isEqualTo(domains);
    }

    @Test
    void talksGrpcToEachServiceWithHealthChecksOutlierDetectionAndCircuitBreakers() throws Exception {
        for (Cluster cluster : serviceClusters()) {
            String name = cluster.getName();
            HttpProtocolOptions protocol = cluster.getTypedExtensionProtocolOptionsMap()
                    .get("envoy.extensions.upstreams.http.v3.HttpProtocolOptions")
                    .unpack(HttpProtocolOptions.class);

            assertThat(cluster.getType()).as(name).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
            assertThat(Durations.toMillis(cluster.getConnectTimeout())).as(name + " connect_timeout").isPositive();
            assertThat(protocol.getExplicitHttpConfig().hasHttp2ProtocolOptions()).as(name + " speaks HTTP/2").isTrue();
            assertThat(cluster.getHealthChecksList()).as(name + " health checks")
                    .singleElement()
                    .satisfies(check -> assertThat(check.getHealthCheckerCase())
                            .isEqualTo(HealthCheck.HealthCheckerCase.GRPC_HEALTH_CHECK));
            assertThat(cluster.hasOutlierDetection()).as(name + " outlier detection").isTrue();
            assertThat(cluster.getOutlierDetection().getConsecutiveGatewayFailure().getValue())
                    .as(name + " ejects after gateway failures").isPositive();
            assertThat(cluster.getCircuitBreakers().getThresholdsList()).as(name + " circuit breakers").isNotEmpty()
                    .allSatisfy(threshold -> assertThat(threshold.getMaxRequests().getValue()).isPositive());
        }
    }

    // ---- the listener and the admin interface ----

    @Test
    void listensForBrowsersOnTheGatewayPortAndKeepsAdminOnLoopback() {
        SocketAddress listener = gateway.listener().getAddress().getSocketAddress();
        SocketAddress admin = gateway.bootstrap().getAdmin().getAddress().getSocketAddress();

        assertThat(listener.getPortValue()).isEqualTo(GATEWAY_PORT);
        assertThat(listener.getAddress()).isEqualTo("0.0.0.0");
        assertThat(admin.getAddress()).isEqualTo("127.0.0.1");
        assertThat(admin.getPortValue()).isEqualTo(9901);
    }

    @Test
    void runsTheHttpFiltersInTheDocumentedOrderWithTheRouterLast() {
        assertThat(gateway.httpFilterNames()).containsExactlyElementsOf(FILTER_ORDER);
    }

    @Test
    void exposesGrpcStatusHeadersAndAllowsGrpcWebHeadersCrossOrigin() {
        CorsPolicy cors = gateway.corsPolicy();

        assertThat(headerList(cors.getExposeHeaders()))
                .contains("grpc-status", "grpc-message", "grpc-status-details-bin");
        assertThat(headerList(cors.getAllowHeaders()))
                .contains("x-grpc-web", "x-user-agent", "grpc-timeout", "content-type", "authorization");
        assertThat(cors.getAllowOriginStringMatchList()).isNotEmpty();
        assertThat(gateway.routes()).allSatisfy(route -> assertThat(route.getTypedPerFilterConfigMap())
                .as("route %s must not override the virtual host's CORS policy", route.getName())
                .doesNotContainKey(GatewayConfig.CORS));
    }

    // ---- tokens ----

    @Test
    void acceptsOnlyTokensThatIdentityIssues() {
        Map<String, Object> identity = ProjectFiles.serviceSettings("identity")
                .orElseThrow(() -> new AssertionError("services/identity has no identity.yaml"));
        Object issuer = YamlTree.valueAt(identity, "cohort.auth.issuer").orElseThrow();
        Object audience = YamlTree.valueAt(identity, "cohort.auth.audience").orElseThrow();
        JwtAuthentication jwt = gateway.jwtAuthn();

        assertThat(jwt.getProvidersMap()).hasSize(1);
        JwtProvider provider = jwt.getProvidersMap().values().iterator().next();
        assertThat(provider.getIssuer()).isEqualTo(issuer);
        assertThat(provider.getAudiencesList()).containsExactly(String.valueOf(audience));
        assertThat(provider.getForward()).as("services verify the token again: it must be forwarded").isTrue();
        assertThat(provider.getRequireExpiration()).isTrue();
        assertThat(provider.getFromHeadersList()).singleElement()
                .satisfies(h -> assertThat(h.getName()).isEqualToIgnoringCase("authorization"));
    }

    @Test
    void fetchesAndCachesTheJwkSetFromIdentitysOwnRoute() {
        JwtProvider provider = gateway.jwtAuthn().getProvidersMap().values().iterator().next();
        URI jwksUri = URI.create(provider.getRemoteJwks().getHttpUri().getUri());
        Contracts.Method getJwks = contracts.methods()
                .filter(m -> m.service().startsWith("cohort.identity.") && m.name().equals("GetJwks"))
                .findFirst().orElseThrow(() -> new AssertionError("identity has no GetJwks RPC"));
        Cluster self = gateway.cluster(provider.getRemoteJwks().getHttpUri().getCluster()).orElseThrow();
        SocketAddress selfAddress = GatewayConfig.onlyAddress(self);

        // ADR 4: a new key is published 15 minutes before it signs, for verifiers that cache the set <= 10 minutes.
        assertThat(Durations.toMillis(provider.getRemoteJwks().getCacheDuration()))
                .isPositive().isLessThanOrEqualTo(java.time.Duration.ofMinutes(10).toMillis());
        assertThat(getJwks.bindings()).contains(new Contracts.Binding("GET", jwksUri.getPath()));
        assertThat(self.getName()).isEqualTo(JWKS_CLUSTER);
        assertThat(selfAddress.getAddress()).isEqualTo("127.0.0.1");
        assertThat(selfAddress.getPortValue()).isEqualTo(GATEWAY_PORT).isEqualTo(jwksUri.getPort());
        assertThat(gateway.jwtRuleFor("GET", jwksUri.getPath()).map(EnvoyConfigContractTest::allowsWithoutToken))
                .as("the JWK Set itself must be fetchable without a token").contains(true);
    }

    @Test
    void letsExactlyThePublicRpcsThroughWithoutAToken() {
        Set<String> expected = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Contracts.Service service : gatewayServices()) {
            for (Contracts.Method method : service.methods()) {
                List<String[]> requests = new ArrayList<>();
                requests.add(new String[] {"POST", method.grpcPath()});
                for (Contracts.Binding binding : method.bindings()) {
                    if (method.isPublic() && !binding.literal()) {
                        problems.add(method + " is public with the path template " + binding
                                + ": give it a jwt_authn rule and teach these tests its match");
                    }
                    requests.add(new String[] {binding.httpMethod(), samplePath(binding.pathTemplate())});
                }
                for (String[] request : requests) {
                    RequirementRule rule = gateway.jwtRuleFor(request[0], request[1]).orElse(null);
                    boolean open = rule != null && allowsWithoutToken(rule);
                    if (open != method.isPublic()) {
                        problems.add(method + " (" + request[0] + " " + request[1] + ") is "
                                + (method.isPublic() ? "public but needs a token" : "not public but needs no token"));
                    }
                }
                if (method.isPublic()) {
                    expected.add("* " + method.grpcPath());
                    method.bindings().forEach(b -> expected.add(b.httpMethod() + " " + b.pathTemplate()));
                }
            }
        }
        Set<String> openRules = gateway.jwtAuthn().getRulesList().stream()
                .filter(EnvoyConfigContractTest::allowsWithoutToken)
                .map(EnvoyConfigContractTest::describe)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(problems).isEmpty();
        assertThat(expected).as("public RPCs in the contracts").isNotEmpty();
        assertThat(openRules).as("jwt_authn rules that need no token, against the contracts' public RPCs")
                .isEqualTo(expected);
    }

    @Test
    void requiresIdentitysTokenForEverythingNotListedAsPublic() {
        List<RequirementRule> rules = gateway.jwtAuthn().getRulesList();
        RequirementRule last = rules.get(rules.size() - 1);
        String provider = gateway.jwtAuthn().getProvidersMap().keySet().iterator().next();

        assertThat(last.getMatch().getPrefix()).isEqualTo("/");
        assertThat(last.getRequires().getProviderName()).isEqualTo(provider);
        assertThat(rules.subList(0, rules.size() - 1)).allMatch(EnvoyConfigContractTest::allowsWithoutToken);
        assertThat(gateway.jwtRuleFor("GET", "/v1/anything-new").map(r -> r.getRequires().getProviderName()))
                .contains(provider);
    }

    // ---- rate limits ----

    @Test
    void neverPutsAllClientsIntoOneBucket() {
        LocalRateLimit limit = gateway.localRateLimit();

        assertThat(limit.getStatus().getCode()).isEqualTo(StatusCode.TooManyRequests);
        assertThat(limit.getRateLimitedAsResourceExhausted()).isTrue();
        assertThat(percent(limit.getFilterEnabled().getDefaultValue())).as("filter_enabled").isEqualTo(100);
        assertThat(percent(limit.getFilterEnforced().getDefaultValue())).as("filter_enforced").isEqualTo(100);
        assertThat(limit.getLocalRateLimitPerDownstreamConnection()).isFalse();
        assertThat(limit.hasAlwaysConsumeDefaultTokenBucket()
                && !limit.getAlwaysConsumeDefaultTokenBucket().getValue())
                .as("the default bucket, shared by every client, is never taken from on top of the descriptors'")
                .isTrue();
        for (LocalRateLimitDescriptor descriptor : limit.getDescriptorsList()) {
            assertThat(descriptor.getEntriesList())
                    .as("each bucket belongs to one client address or one user: %s", descriptor)
                    .anySatisfy(entry -> {
                        assertThat(entry.getKey()).isIn(EnvoyRateLimits.ADDRESS, EnvoyRateLimits.USER);
                        assertThat(entry.getValue()).as("a wildcard: one bucket per distinct value").isEmpty();
                    });
        }
        assertThat(limit.getMaxDynamicDescriptors().getValue())
                .as("buckets kept per wildcard descriptor (LRU)").isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void takesTheUserOfTheRateLimitFromTheVerifiedTokensSubject() {
        LocalRateLimit limit = gateway.localRateLimit();
        String payloadKey = gateway.jwtAuthn().getProvidersMap().values().iterator().next().getPayloadInMetadata();

        List<RateLimit.Action.MetaData> userActions = limit.getRateLimitsList().stream()
                .flatMap(rateLimit -> rateLimit.getActionsList().stream())
                .filter(RateLimit.Action::hasMetadata)
                .map(RateLimit.Action::getMetadata)
                .toList();

        assertThat(payloadKey).as("jwt_authn writes the verified payload to dynamic metadata").isNotEmpty();
        assertThat(userActions).singleElement().satisfies(user -> {
            assertThat(user.getDescriptorKey()).isEqualTo(EnvoyRateLimits.USER);
            assertThat(user.getSource()).isEqualTo(RateLimit.Action.MetaData.Source.DYNAMIC);
            assertThat(user.getMetadataKey().getKey()).isEqualTo(GatewayConfig.JWT_AUTHN);
            assertThat(user.getMetadataKey().getPathList()).extracting(segment -> segment.getKey())
                    .containsExactly(payloadKey, "sub");
            assertThat(user.getDefaultValue()).as("no shared bucket for callers without a token").isEmpty();
        });
        assertThat(FILTER_ORDER.indexOf(GatewayConfig.JWT_AUTHN))
                .isLessThan(FILTER_ORDER.indexOf(GatewayConfig.LOCAL_RATE_LIMIT));
    }

    /**
     * For every RPC of the contracts, signed in or not, the buckets envoy.yaml's descriptors give a call are the
     * ones the local gateway's {@link RateLimits#defaults()} gives it, with the same numbers: one source of truth.
     */
    @Test
    void givesEveryRpcTheBucketsOfTheLocalGatewayWithTheSameNumbers() {
        EnvoyRateLimits envoy = new EnvoyRateLimits(gateway.localRateLimit());
        RateLimits local = RateLimits.defaults();
        Set<String> rpcPaths = contracts.methods().map(Contracts.Method::grpcPath).collect(Collectors.toSet());
        assertThat(local.perMethod().keySet()).as("RPCs with buckets of their own exist in the contracts")
                .allSatisfy(rpc -> assertThat(rpcPaths).contains("/" + rpc));

        for (Contracts.Method method : contracts.methods().toList()) {
            String rpc = method.service() + "/" + method.name();
            for (String user : new String[] {null, "0b8f7c52-2f1e-4b7a-9a51-1c3a2d4e5f60"}) {
                List<RateLimits.TokenBucketSize> expected = new ArrayList<>();
                expected.add(local.perAddress());
                if (user != null) {
                    expected.add(local.perUser());
                }
                if (local.perMethod().containsKey(rpc)) {
                    expected.add(local.perMethod().get(rpc));
                }

                assertThat(envoy.bucketsFor(method.grpcPath(), "198.51.100.7", user))
                        .as("buckets of %s %s", rpc, user == null ? "without a token" : "signed in")
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    // ---- the web app's refresh-token cookie (ADR 23) ----

    /**
     * identity writes the web app's refresh token as a {@code set-cookie} header and reads it from {@code cookie}
     * on Refresh (its api.RefreshTokenCookie, whose cookie paths are the two below); Envoy's own filters cannot
     * rewrite a protobuf body, so its part is to pass both headers untouched, let the cookie cross origins of the
     * app, and route both Refresh forms to identity without a token.
     */
    @Test
    void passesTheRefreshCookieBetweenTheBrowserAndIdentityUntouched() {
        Contracts.Method refresh = contracts.service(IDENTITY_SERVICE).methods().stream()
                .filter(method -> method.name().equals("Refresh")).findFirst().orElseThrow();
        List<String> cookiePaths = new ArrayList<>();
        cookiePaths.add(refresh.grpcPath());
        refresh.bindings().forEach(binding -> cookiePaths.add(binding.pathTemplate()));
        CorsPolicy cors = gateway.corsPolicy();

        assertThat(cookiePaths).as("identity's cookie paths are the Refresh RPC's routes")
                .containsExactlyInAnyOrder(REFRESH_COOKIE_PATHS.toArray(String[]::new));
        assertThat(gateway.routeFor(refresh.grpcPath()).map(r -> r.getRoute().getCluster())).hasValue("identity");
        for (String path : cookiePaths) {
            assertThat(gateway.jwtRuleFor("POST", path)).hasValueSatisfying(rule ->
                    assertThat(allowsWithoutToken(rule)).as("%s needs no access token", path).isTrue());
        }
        assertThat(cors.getAllowCredentials().getValue()).as("allow_credentials").isTrue();
        assertThat(headerList(cors.getAllowHeaders())).contains(REFRESH_COOKIE_MODE_HEADER);
        assertThat(removedHeaders()).as("nothing drops the cookie on its way in or out")
                .doesNotContain("cookie", "set-cookie");
        assertThat(gateway.jwtAuthn().getProvidersMap().values()).allSatisfy(provider ->
                assertThat(provider.getFromCookiesList()).as("a refresh cookie is never read as an access token")
                        .isEmpty());
    }

    // ---- forwarded addresses ----

    @Test
    void appendsTheConnectionsPeerToForwardedForAndTrustsNoClientWrittenEntry() {
        HttpConnectionManager hcm = gateway.httpConnectionManager();

        assertThat(hcm.getUseRemoteAddress().getValue()).as("use_remote_address").isTrue();
        assertThat(hcm.getXffNumTrustedHops()).as("xff_num_trusted_hops at the edge (ADR 22)").isZero();
        assertThat(hcm.getSkipXffAppend()).as("skip_xff_append").isFalse();
        assertThat(hcm.getOriginalIpDetectionExtensionsList()).as("no other client-address detection").isEmpty();
        RouteConfiguration routes = hcm.getRouteConfig();
        List<String> written = new ArrayList<>();
        routes.getRequestHeadersToAddList().forEach(h -> written.add(h.getHeader().getKey()));
        written.addAll(routes.getRequestHeadersToRemoveList());
        for (VirtualHost host : routes.getVirtualHostsList()) {
            host.getRequestHeadersToAddList().forEach(h -> written.add(h.getHeader().getKey()));
            written.addAll(host.getRequestHeadersToRemoveList());
            for (Route route : host.getRoutesList()) {
                route.getRequestHeadersToAddList().forEach(h -> written.add(h.getHeader().getKey()));
                written.addAll(route.getRequestHeadersToRemoveList());
            }
        }
        assertThat(written).as("nothing rewrites or drops the forwarded address Envoy wrote")
                .noneMatch(name -> name.equalsIgnoreCase("x-forwarded-for"));
    }

    // ---- helpers ----

    /** Every header the route configuration removes from requests or answers, lower case. */
    private static List<String> removedHeaders() {
        RouteConfiguration routes = gateway.httpConnectionManager().getRouteConfig();
        List<String> removed = new ArrayList<>(routes.getRequestHeadersToRemoveList());
        removed.addAll(routes.getResponseHeadersToRemoveList());
        for (VirtualHost host : routes.getVirtualHostsList()) {
            removed.addAll(host.getRequestHeadersToRemoveList());
            removed.addAll(host.getResponseHeadersToRemoveList());
            for (Route route : host.getRoutesList()) {
                removed.addAll(route.getRequestHeadersToRemoveList());
                removed.addAll(route.getResponseHeadersToRemoveList());
            }
        }
        return removed.stream().map(String::toLowerCase).toList();
    }

    /** The services the gateway fronts: those with REST bindings and those the transcoder names. */
    private static List<Contracts.Service> gatewayServices() {
        Set<String> names = new TreeSet<>(contracts.annotatedServiceNames());
        gateway.transcoder().getServicesList().stream().filter(contracts.serviceNames()::contains).forEach(names::add);
        return names.stream().map(contracts::service).toList();
    }

    /**
     * Every RPC of the descriptor set that some route forwards, whether or not its service has REST bindings: a
     * gRPC-only service routed later gets the same timeout checks.
     */
    private static List<Contracts.Method> routedMethods() {
        return contracts.methods()
                .filter(method -> gateway.routeFor(method.grpcPath()).map(Route::hasRoute).orElse(false))
                .toList();
    }

    private static List<Cluster> serviceClusters() {
        return gateway.clusters().stream().filter(c -> !c.getName().equals(JWKS_CLUSTER)).toList();
    }

    private static boolean allowsWithoutToken(RequirementRule rule) {
        JwtRequirement requires = rule.getRequires();
        return requires.hasAllowMissing() || requires.hasAllowMissingOrFailed();
    }

    /** A rule as "METHOD path" ("*" when it does not look at the method), comparable with the contracts. */
    private static String describe(RequirementRule rule) {
        String method = rule.getMatch().getHeadersList().stream()
                .filter(h -> h.getName().equals(":method"))
                .map(h -> h.getStringMatch().getExact())
                .findFirst().orElse("*");
        String path = rule.getMatch().hasPrefix() ? rule.getMatch().getPrefix() + "…" : rule.getMatch().getPath();
        return method + " " + path;
    }

    /** A concrete path for a google.api.http template: each variable becomes one segment. */
    private static String samplePath(String template) {
        return template.replaceAll("\\{[^}]*}", "sample-id").replace("**", "sample/rest").replace("*", "sample");
    }

    private static List<String> headerList(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).map(String::toLowerCase).toList();
    }

    private static int percent(FractionalPercent fraction) {
        return switch (fraction.getDenominator()) {
            case HUNDRED -> fraction.getNumerator();
            case TEN_THOUSAND -> fraction.getNumerator() / 100;
            case MILLION -> fraction.getNumerator() / 10_000;
            default -> throw new AssertionError(fraction);
        };
    }
}
