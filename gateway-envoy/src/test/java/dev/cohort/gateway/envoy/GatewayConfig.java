package dev.cohort.gateway.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.grpc_json_transcoder.v3.GrpcJsonTranscoder;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.RequirementRule;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;
import java.util.Optional;

/**
 * Read-only view of the parsed envoy.yaml with the questions the tests ask, including which route and which
 * JWT rule Envoy would pick for a request (first match wins in both; only the match kinds the file uses are
 * understood, anything else fails the test rather than being guessed at).
 */
record GatewayConfig(Bootstrap bootstrap) {

    static final String HCM = "envoy.filters.network.http_connection_manager";
    static final String CORS = "envoy.filters.http.cors";
    static final String JWT_AUTHN = "envoy.filters.http.jwt_authn";
    static final String GRPC_WEB = "envoy.filters.http.grpc_web";
    static final String TRANSCODER = "envoy.filters.http.grpc_json_transcoder";
    static final String LOCAL_RATE_LIMIT = "envoy.filters.http.local_ratelimit";
    static final String ROUTER = "envoy.filters.http.router";

    Listener listener() {
        List<Listener> listeners = bootstrap.getStaticResources().getListenersList();
        if (listeners.size() != 1) {
            throw new AssertionError("expected exactly one listener, found " + listeners.size());
        }
        return listeners.get(0);
    }

    HttpConnectionManager httpConnectionManager() {
        List<Filter> filters = listener().getFilterChainsList().stream()
                .flatMap(chain -> chain.getFiltersList().stream())
                .filter(filter -> filter.getName().equals(HCM))
                .toList();
        if (filters.size() != 1) {
            throw new AssertionError("expected one " + HCM + " on the listener, found " + filters.size());
        }
        return EnvoyTypes.unpack(filters.get(0).getTypedConfig(), HttpConnectionManager.class);
    }

    List<String> httpFilterNames() {
        return httpConnectionManager().getHttpFiltersList().stream().map(HttpFilter::getName).toList();
    }

    <T extends Message> T httpFilter(String name, Class<T> type) {
        HttpFilter filter = httpConnectionManager().getHttpFiltersList().stream()
                .filter(f -> f.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no HTTP filter " + name));
        return EnvoyTypes.unpack(filter.getTypedConfig(), type);
    }

    GrpcJsonTranscoder transcoder() {
        return httpFilter(TRANSCODER, GrpcJsonTranscoder.class);
    }

    JwtAuthentication jwtAuthn() {
        return httpFilter(JWT_AUTHN, JwtAuthentication.class);
    }

    LocalRateLimit localRateLimit() {
        return httpFilter(LOCAL_RATE_LIMIT, LocalRateLimit.class);
    }

    VirtualHost virtualHost() {
        List<VirtualHost> hosts = httpConnectionManager().getRouteConfig().getVirtualHostsList();
        if (hosts.size() != 1) {
            throw new AssertionError("expected one virtual host, found " + hosts.size());
        }
        return hosts.get(0);
    }

    List<Route> routes() {
        return virtualHost().getRoutesList();
    }

    /** The route Envoy selects for a request with this path (after transcoding, the gRPC path). */
    Optional<Route> routeFor(String path) {
        return routes().stream().filter(route -> pathMatches(route.getMatch(), "GET", path)).findFirst();
    }

    /** The CORS policy that applies to every route: the virtual host's, unless a route overrides it. */
    CorsPolicy corsPolicy() {
        Any any = virtualHost().getTypedPerFilterConfigMap().get(CORS);
        if (any == null) {
            throw new AssertionError("the virtual host has no typed_per_filter_config for " + CORS);
        }
        return EnvoyTypes.unpack(any, CorsPolicy.class);
    }

    List<Cluster> clusters() {
        return bootstrap.getStaticResources().getClustersList();
    }

    Optional<Cluster> cluster(String name) {
        return clusters().stream().filter(c -> c.getName().equals(name)).findFirst();
    }

    static SocketAddress onlyAddress(Cluster cluster) {
        List<SocketAddress> addresses = cluster.getLoadAssignment().getEndpointsList().stream()
                .flatMap(locality -> locality.getLbEndpointsList().stream())
                .map(endpoint -> endpoint.getEndpoint().getAddress().getSocketAddress())
                .toList();
        if (addresses.size() != 1) {
            throw new AssertionError("cluster " + cluster.getName() + " should have one address, has " + addresses);
        }
        return addresses.get(0);
    }

    /** The JWT requirement rule Envoy applies to a request with this method and path. */
    Optional<RequirementRule> jwtRuleFor(String httpMethod, String path) {
        return jwtAuthn().getRulesList().stream()
                .filter(rule -> pathMatches(rule.getMatch(), httpMethod, path))
                .findFirst();
    }

    /**
     * Envoy's RouteMatch for the kinds used here: {@code path} (exact), {@code prefix}, and {@code :method}
     * header matchers with an exact string. Query strings are not part of the path Envoy matches.
     */
    static boolean pathMatches(RouteMatch match, String httpMethod, String path) {
        boolean pathOk = switch (match.getPathSpecifierCase()) {
            case PATH -> path.equals(match.getPath());
            case PREFIX -> path.startsWith(match.getPrefix());
            default -> throw new AssertionError("the tests do not understand route match " + match);
        };
        if (match.hasCaseSensitive() || match.hasRuntimeFraction() || match.getQueryParametersCount() > 0
                || match.hasGrpc() || match.hasTlsContext() || match.getDynamicMetadataCount() > 0) {
            throw new AssertionError("the tests do not understand route match " + match);
        }
        for (HeaderMatcher header : match.getHeadersList()) {
            if (!header.getName().equals(":method") || !header.hasStringMatch() || header.getInvertMatch()
                    || header.getStringMatch().getMatchPatternCase()
                    != io.envoyproxy.envoy.type.matcher.v3.StringMatcher.MatchPatternCase.EXACT) {
                throw new AssertionError("the tests do not understand header match " + header);
            }
            pathOk &= header.getStringMatch().getExact().equals(httpMethod);
        }
        return pathOk;
    }
}
