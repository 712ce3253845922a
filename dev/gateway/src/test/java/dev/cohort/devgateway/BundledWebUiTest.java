package dev.cohort.devgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.server.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Without a configured web root, the gateway serves the UI built by web-grpc-ui from the classpath. */
class BundledWebUiTest {

    private static Server server;
    private static HttpClient http;
    private static String base;

    @BeforeAll
    static void start() {
        var ui = WebUi.serving(null);
        assertThat(ui).as("cohort-web/index.html on the test classpath (cohort-web-grpc-ui jar)").isPresent();
        server = Server.builder().http(0).service(WebUi.ROUTE, ui.get()).build();
        server.start().join();
        base = "http://127.0.0.1:" + server.activeLocalPort();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop().join();
        }
    }

    @Test
    void servesTheAppItsAssetsAndItsPageRoutes() throws Exception {
        HttpResponse<String> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(index.body()).contains("<div id=\"root\">");

        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index.body());
        assertThat(script.find()).as(index.body()).isTrue();
        HttpResponse<String> js = get(script.group(1));
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).contains("javascript"));

        HttpResponse<String> page = get("/chat/2f6c1a52-6d8e-4f0e-9a57-0c1d2e3f4a5b");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo(index.body());

        assertThat(get("/assets/missing.js").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
