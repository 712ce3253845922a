package dev.cohort.devgateway;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.file.FileService;
import com.linecorp.armeria.server.file.HttpFile;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The web UI's static files at {@code /}, on every path that cannot be an API route (a catch-all prefix would
 * outrank Armeria's transcoded REST routes, so API paths are left out of this one's pattern). A page
 * route of the single-page app ({@code /groups/42}: GET, no file extension) gets index.html; anything else
 * unknown, API-looking paths included, stays 404 as at the Envoy edge.
 *
 * <p>The files come from a directory when one is configured ({@link GatewaySettings#webRoot()}), else from the
 * classpath folder {@value #BUNDLED_ROOT}, where the cohort-web-grpc-ui jar (web-grpc-ui/, a dependency of this
 * module) keeps its build.
 */
final class WebUi {

    /** Everything but the API namespaces: REST ({@code /v1/}, {@code /.well-known/}) and gRPC paths. */
    static final Route ROUTE = Route.builder()
            .regex("^/(?!v1/|\\.well-known/|cohort\\.|grpc\\.).*$")
            .build();

    /** The classpath folder of the bundled UI (web-grpc-ui's vite build output). */
    static final String BUNDLED_ROOT = "cohort-web";

    private WebUi() {
    }

    /** The UI in {@code root} if given, else the one bundled on the classpath, else none. */
    static Optional<HttpService> serving(Path root) {
        if (root != null) {
            return Optional.of(service(root));
        }
        ClassLoader loader = WebUi.class.getClassLoader();
        if (loader.getResource(BUNDLED_ROOT + "/index.html") == null) {
            return Optional.empty();
        }
        return Optional.of(FileService.builder(loader, BUNDLED_ROOT).build()
                .orElse(pages(HttpFile.of(loader, BUNDLED_ROOT + "/index.html").asService())));
    }

    static HttpService service(Path root) {
        return FileService.builder(root).build().orElse(pages(HttpFile.of(root.resolve("index.html")).asService()));
    }

    private static HttpService pages(HttpService index) {
        return (ctx, req) -> isPageRoute(req.method(), ctx.path())
                ? index.serve(ctx, req)
                : HttpResponse.of(HttpStatus.NOT_FOUND);
    }

    static boolean isPageRoute(HttpMethod method, String path) {
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return false;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !last.contains(".");
    }
}
