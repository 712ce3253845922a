package dev.cohort.grpc.server;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * GET /metrics in Prometheus' text format on its own port. The services are gRPC only (no web server), so this is
 * the JDK's small HTTP server with one handler; Istio merges it into the sidecar's scrape endpoint (deploy/istio).
 */
final class MetricsEndpoint {

    private final HttpServer server;

    MetricsEndpoint(PrometheusMeterRegistry registry, int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException unavailable) {
            throw new UncheckedIOException("metrics port " + port + " is not available", unavailable);
        }
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("GET")) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
    }

    void start() {
        server.start();
    }

    void stop() {
        server.stop(0);
    }

    /** The port really bound (the configured one, or a free one for 0). */
    int port() {
        return server.getAddress().getPort();
    }
}
