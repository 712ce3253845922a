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
     * Streaming RPCs (today CourseService/ImportCatalog, ChatService/Subscribe and ChatService/Connect) run
     * without the unary ceiling; the caller's own {@code grpc-timeout}, if any, still applies (Armeria reads it
     * after this decorator).
     */
    static Function<? super HttpService, ? extends HttpService> streamingWithoutTimeout() {
        Set<String> paths = LocalGateway.streamingPaths();
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
