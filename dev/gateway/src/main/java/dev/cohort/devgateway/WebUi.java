package dev.cohort.devgateway;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.file.FileService;
import com.linecorp.armeria.server.file.HttpFile;
import java.nio.file.Path;

/**
 * The web UI's static files at {@code /}, on every path that cannot be an API route (a catch-all prefix would
 * outrank Armeria's transcoded REST routes, so API paths are left out of this one's pattern). A page
 * route of the single-page app ({@code /groups/42}: GET, no file extension) gets index.html; anything else
 * unknown, API-looking paths included, stays 404 as at the Envoy edge.
 */
final class WebUi {

    /** Everything but the API namespaces: REST ({@code /v1/}, {@code /.well-known/}) and gRPC paths. */
    static final Route ROUTE = Route.builder()
            .regex("^/(?!v1/|\\.well-known/|cohort\\.|grpc\\.).*$")
            .build();

    private WebUi() {
    }

    static HttpService service(Path root) {
        HttpService index = HttpFile.of(root.resolve("index.html")).asService();
        HttpService pages = (ctx, req) -> isPageRoute(req.method(), ctx.path())
                ? index.serve(ctx, req)
                : HttpResponse.of(HttpStatus.NOT_FOUND);
        return FileService.builder(root).build().orElse(pages);
    }

    static boolean isPageRoute(HttpMethod method, String path) {
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return false;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !last.contains(".");
    }
}
