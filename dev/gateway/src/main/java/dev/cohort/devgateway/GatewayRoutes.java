package dev.cohort.devgateway;

import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import java.util.Set;
import java.util.function.Function;

/** Per-route rules that envoy.yaml expresses as separate routes. */
final class GatewayRoutes {

    private GatewayRoutes() {
    }

    /**
     * Client-streaming RPCs (today CourseService/ImportCatalog) run without the unary ceiling; the caller's own
     * {@code grpc-timeout}, if any, still applies (Armeria reads it after this decorator).
     */
    static Function<? super HttpService, ? extends HttpService> clientStreamingWithoutTimeout() {
        Set<String> paths = LocalGateway.clientStreamingPaths();
        return delegate -> new SimpleDecoratingHttpService(delegate) {
            @Override
            public com.linecorp.armeria.common.HttpResponse serve(
                    com.linecorp.armeria.server.ServiceRequestContext ctx, com.linecorp.armeria.common.HttpRequest req)
                    throws Exception {
                if (paths.contains(ctx.path())) {
                    ctx.clearRequestTimeout();
                }
                return unwrap().serve(ctx, req);
            }
        };
    }
}
