package dev.cohort.schemaregistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** A plain HTTP client for the registry's REST API, as the Confluent clients talk to it. */
public final class RegistryHttp {
    public static final String REGISTRY_JSON = "application/vnd.schemaregistry.v1+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A reply: status, content type and the body as JSON (a missing node when empty or not JSON). */
    public record Reply(int status, String contentType, String text, JsonNode json) {
        public int errorCode() {
            return json.path("error_code").asInt(-1);
        }

        public List<Integer> ints() {
            return json.values().stream().map(JsonNode::asInt).toList();
        }

        public List<String> strings() {
            return json.values().stream().map(JsonNode::asString).toList();
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public RegistryHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** A body for register, lookup and compatibility requests. */
    public static String schemaBody(String schema) {
        return json(Map.of("schema", schema));
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), null);
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), null);
    }

    public Reply post(String path, String body) {
        return post(path, body, REGISTRY_JSON);
    }

    /** With a given content type, or none when null. */
    public Reply post(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)), contentType);
    }

    public Reply put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body)), REGISTRY_JSON);
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private Reply send(HttpRequest.Builder request, String contentType) {
        request.header("Accept", REGISTRY_JSON + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5")
                .timeout(Duration.ofSeconds(10));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = response.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(response.body());
            } catch (RuntimeException notJson) {
                json = MissingNode.getInstance();
            }
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
