package dev.cohort.events.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A minimal in-memory registry speaking the few Confluent REST endpoints the client uses, for
 * unit tests that need to inject failures. No compatibility checks; the real one is tested in
 * {@link RealRegistrySerdeTest}. Listens on 127.0.0.1 only.
 */
final class MiniRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<Integer, String> schemasById = new LinkedHashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new LinkedHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus;
    private volatile String failBody;
    /** While set and not released, every answer waits for it (a registry that does not answer). */
    private volatile java.util.concurrent.CountDownLatch answersHeld = new java.util.concurrent.CountDownLatch(0);

    private MiniRegistry(HttpServer server) {
        this.server = server;
    }

    static MiniRegistry start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        MiniRegistry registry = new MiniRegistry(server);
        server.createContext("/", registry::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return registry;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** "METHOD path" of every request so far. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    long count(String methodAndPathPrefix) {
        return requests.stream().filter(r -> r.startsWith(methodAndPathPrefix)).count();
    }

    /** The next {@code times} requests answer {@code status} with {@code body}. */
    void failNext(int times, int status, String body) {
        this.failStatus = status;
        this.failBody = body;
        this.failNext.set(times);
    }

    /** From now on, answers wait until {@link #releaseAnswers()} (bounded at 30 s, so a test cannot hang). */
    void holdAnswers() {
        answersHeld = new java.util.concurrent.CountDownLatch(1);
    }

    void releaseAnswers() {
        answersHeld.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            requests.add(method + " " + URLDecoder.decode(path, StandardCharsets.UTF_8));
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            try {
                answersHeld.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(exchange, failStatus, failBody);
                return;
            }
            String[] parts = path.split("/");
            if (method.equals("GET") && path.startsWith("/schemas/ids/") && parts.length == 4) {
                String schema;
                synchronized (this) {
                    schema = schemasById.get(Integer.parseInt(parts[3]));
                }
                if (schema == null) {
                    error(exchange, 404, 40403, "Schema " + parts[3] + " not found");
                } else {
                    ObjectNode answer = JSON.createObjectNode().put("schema", schema);
                    send(exchange, 200, answer.toString());
                }
            } else if (path.startsWith("/subjects/") && parts.length >= 3) {
                String subject = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
                if (method.equals("POST") && parts.length == 4 && parts[3].equals("versions")) {
                    Schema schema = parse(requestBody);
                    send(exchange, 200, JSON.createObjectNode().put("id", register(subject, schema)).toString());
                } else if (method.equals("POST") && parts.length == 3) {
                    Schema schema = parse(requestBody);
                    lookup(exchange, subject, schema);
                } else if (method.equals("GET") && parts.length == 4 && parts[3].equals("versions")) {
                    List<Integer> versions;
                    synchronized (this) {
                        versions = versionsBySubject.get(subject);
                    }
                    if (versions == null) {
                        error(exchange, 404, 40401, "Subject '" + subject + "' not found.");
                    } else {
                        List<Integer> numbers = new ArrayList<>();
                        for (int i = 1; i <= versions.size(); i++) {
                            numbers.add(i);
                        }
                        send(exchange, 200, JSON.writeValueAsString(numbers));
                    }
                } else {
                    error(exchange, 404, 404, "Not found: " + method + " " + path);
                }
            } else {
                error(exchange, 404, 404, "Not found: " + method + " " + path);
            }
        }
    }

    private static Schema parse(byte[] body) throws IOException {
        JsonNode request = JSON.readTree(body);
        return new Schema.Parser().parse(request.get("schema").asText());
    }

    private synchronized int register(String subject, Schema schema) {
        String canonical = schema.toString();
        Integer id = null;
        for (Map.Entry<Integer, String> entry : schemasById.entrySet()) {
            if (entry.getValue().equals(canonical)) {
                id = entry.getKey();
            }
        }
        if (id == null) {
            id = schemasById.size() + 1;
            schemasById.put(id, canonical);
        }
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    private void lookup(HttpExchange exchange, String subject, Schema schema) throws IOException {
        List<Integer> versions;
        String canonical = schema.toString();
        synchronized (this) {
            versions = versionsBySubject.get(subject);
            if (versions == null) {
                error(exchange, 404, 40401, "Subject '" + subject + "' not found.");
                return;
            }
            for (int i = 0; i < versions.size(); i++) {
                int id = versions.get(i);
                if (schemasById.get(id).equals(canonical)) {
                    ObjectNode answer = JSON.createObjectNode().put("subject", subject).put("id", id)
                            .put("version", i + 1).put("schema", canonical);
                    send(exchange, 200, answer.toString());
                    return;
                }
            }
        }
        error(exchange, 404, 40403, "Schema not found");
    }

    private static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        send(exchange, status, JSON.createObjectNode().put("error_code", code).put("message", message).toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", SchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        releaseAnswers();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
