package dev.cohort.events.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A small client of the Confluent Schema Registry REST API (the part the serde needs), usable
 * against Confluent Schema Registry, Karapace, Apicurio's ccompat API and Cohort's own dev
 * registry.
 *
 * <p>Results are cached in memory in both directions: (subject, schema) to id and id to schema,
 * so each schema is registered or looked up once per subject and each id fetched once for the
 * life of the client. Concurrent callers asking for the same thing share one request. Failures
 * are not cached. Every request has a timeout (connect 2 s, whole request 5 s by default).
 *
 * <p>Thread-safe. Use {@link #shared(String)} to share one client (and its caches) per registry
 * URL across all serializers and deserializers of the process.
 */
public class SchemaRegistryClient {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConcurrentMap<String, SchemaRegistryClient> SHARED = new ConcurrentHashMap<>();

    private final URI baseUrl;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final ConcurrentMap<SubjectSchema, CompletableFuture<Integer>> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, CompletableFuture<Schema>> schemasById = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    /** A client of the registry at {@code baseUrl} with the default timeouts. */
    public SchemaRegistryClient(String baseUrl) {
        this(URI.create(baseUrl), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    public SchemaRegistryClient(URI baseUrl, Duration connectTimeout, Duration requestTimeout) {
        this(baseUrl, HttpClient.newBuilder().connectTimeout(connectTimeout).build(), requestTimeout);
    }

    /** With a caller-built {@link HttpClient} (TLS, proxy, authenticator...); it should set a connect timeout. */
    public SchemaRegistryClient(URI baseUrl, HttpClient http, Duration requestTimeout) {
        String url = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("Schema registry URL must be http(s): " + url);
        }
        this.baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** The process-wide client for {@code baseUrl} (default timeouts), created on first use. */
    public static SchemaRegistryClient shared(String baseUrl) {
        String key = baseUrl.strip();
        return SHARED.computeIfAbsent(key.endsWith("/") ? key.substring(0, key.length() - 1) : key,
                SchemaRegistryClient::new);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}) and
     * returns its global id; registering a schema that is already there just returns its id. The
     * registry rejects a schema incompatible with the subject's earlier versions (error 409).
     */
    public int register(String subject, Schema schema) {
        return idFor(subject, schema, () -> {
            JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
            return requireId(answer, "POST /subjects/" + subject + "/versions");
        });
    }

    /**
     * The id of {@code schema} if it is registered under {@code subject} ({@code POST
     * /subjects/{subject}}); a {@link SchemaRegistryException} with {@link
     * SchemaRegistryException#isNotFound()} if it is not.
     */
    public int lookup(String subject, Schema schema) {
        return idFor(subject, schema, () -> {
            JsonNode answer = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
            return requireId(answer, "POST /subjects/" + subject);
        });
    }

    /** The schema with global id {@code id} ({@code GET /schemas/ids/{id}}). */
    public Schema schemaById(int id) {
        return cached(schemasById, id, () -> {
            String path = "/schemas/ids/" + id;
            JsonNode answer = send("GET", path, null);
            String type = answer.path("schemaType").asText("AVRO");
            if (!"AVRO".equalsIgnoreCase(type)) {
                throw failure("GET " + path, 200, SchemaRegistryException.NO_ERROR_CODE,
                        "schema " + id + " is of type " + type + ", not AVRO", null);
            }
            JsonNode text = answer.get("schema");
            if (text == null || !text.isTextual()) {
                throw failure("GET " + path, 200, SchemaRegistryException.NO_ERROR_CODE,
                        "the answer has no \"schema\" string: " + abbreviate(answer.toString()), null);
            }
            try {
                return new Schema.Parser().parse(text.asText());
            } catch (SchemaParseException e) {
                throw failure("GET " + path, 200, SchemaRegistryException.NO_ERROR_CODE,
                        "schema " + id + " does not parse: " + e.getMessage(), e);
            }
        });
    }

    private int idFor(String subject, Schema schema, Supplier<Integer> request) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        int id = cached(idsBySubjectSchema, new SubjectSchema(subject, schema), request);
        // The registry will answer the id with this very schema; no need to fetch it back.
        schemasById.putIfAbsent(id, CompletableFuture.completedFuture(schema));
        return id;
    }

    /** Single-flight cache: one request per key at a time, successes kept, failures forgotten. */
    private static <K, V> V cached(ConcurrentMap<K, CompletableFuture<V>> cache, K key, Supplier<V> load) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> existing = cache.putIfAbsent(key, mine);
        if (existing != null) {
            try {
                return existing.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
        try {
            V value = load.get();
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            cache.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT);
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        String what = method + " " + path;
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw failure(what, 0, SchemaRegistryException.NO_ERROR_CODE,
                    "no answer within the timeout (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw failure(what, 0, SchemaRegistryException.NO_ERROR_CODE, "request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(what, 0, SchemaRegistryException.NO_ERROR_CODE, "interrupted", e);
        }
        int status = response.statusCode();
        JsonNode json = parseOrNull(response.body());
        if (status / 100 != 2) {
            int errorCode = json != null && json.path("error_code").canConvertToInt()
                    ? json.path("error_code").asInt() : SchemaRegistryException.NO_ERROR_CODE;
            String message = json != null && json.hasNonNull("message")
                    ? json.get("message").asText() : abbreviate(response.body());
            throw failure(what, status, errorCode, message, null);
        }
        if (json == null) {
            throw failure(what, status, SchemaRegistryException.NO_ERROR_CODE,
                    "the answer is not JSON: " + abbreviate(response.body()), null);
        }
        return json;
    }

    private SchemaRegistryException failure(String what, int status, int errorCode, String message, Throwable cause) {
        StringBuilder text = new StringBuilder("Schema registry ").append(baseUrl).append(": ").append(what)
                .append(" failed");
        if (status != 0) {
            text.append(" with HTTP ").append(status);
        }
        if (errorCode != SchemaRegistryException.NO_ERROR_CODE) {
            text.append(", error_code ").append(errorCode);
        }
        text.append(": ").append(message);
        return new SchemaRegistryException(text.toString(), status, errorCode, cause);
    }

    private int requireId(JsonNode answer, String what) {
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw failure(what, 200, SchemaRegistryException.NO_ERROR_CODE,
                    "the answer has no integer \"id\": " + abbreviate(answer.toString()), null);
        }
        return id.asInt();
    }

    private static String schemaBody(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parseOrNull(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        if (text == null || text.isBlank()) {
            return "(empty body)";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient[" + baseUrl + "]";
    }
}
