package dev.cohort.contracttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cohort.testkit.telemetry.OtlpTraceReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The REST side and the span queries of FullStackContractTest's one-trace test: a student signs up, signs in and
 * finds an open section through the gateway; the enrolment is the one call whose trace is examined.
 */
final class OneTrace {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String gateway;

    OneTrace(String gateway) {
        this.gateway = gateway;
    }

    /** A new trace id, and the traceparent (sampled) that starts it at the gateway. */
    record Trace(String traceId, String traceparent) {
        static Trace fresh() {
            byte[] traceId = new byte[16];
            byte[] spanId = new byte[8];
            RANDOM.nextBytes(traceId);
            RANDOM.nextBytes(spanId);
            String id = HexFormat.of().formatHex(traceId);
            return new Trace(id, "00-" + id + "-" + HexFormat.of().formatHex(spanId) + "-01");
        }
    }

    /** Signs a new student up and in; the access token. */
    String newStudentToken() throws Exception {
        String email = "trace-" + UUID.randomUUID() + "@example.com";
        String password = "correct horse battery staple " + UUID.randomUUID();
        call("POST", "/v1/identity/users:register", null,
                Map.of("email", email, "password", password, "displayName", "Tracy"), null);
        return call("POST", "/v1/identity/sessions", null, Map.of("email", email, "password", password), null)
                .path("tokens").path("accessToken").asText();
    }

    /** The id of a section of the demo catalog that is open and has a free seat. */
    String openSection(String token) throws Exception {
        for (JsonNode term : call("GET", "/v1/course/terms", token, null, null).path("terms")) {
            if (!"TERM_STATE_OPEN".equals(term.path("state").asText())) {
                continue;
            }
            String termId = term.path("termId").asText();
            JsonNode courses = call("GET", "/v1/course/courses:search?term_id=" + encode(termId)
                    + "&has_open_seats=true&page_size=20", token, null, null).path("courses");
            for (JsonNode course : courses) {
                JsonNode sections = call("GET", "/v1/course/courses/" + course.path("courseId").asText()
                        + "/sections?term_id=" + encode(termId), token, null, null).path("sections");
                for (JsonNode section : sections) {
                    if ("TERM_STATE_OPEN".equals(section.path("termState").asText())
                            && section.path("capacity").asInt() > section.path("enrolledCount").asInt()) {
                        return section.path("sectionId").asText();
                    }
                }
            }
        }
        throw new AssertionError("the demo catalog has no open section with a free seat");
    }

    /** Enrols the token's student in the section, as one call of this trace. */
    void enroll(String token, String sectionId, Trace trace) throws Exception {
        call("POST", "/v1/course/sections/" + sectionId + ":enroll", token, Map.of(), trace.traceparent());
    }

    private JsonNode call(String method, String path, String token, Object body, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // --- what a trace holds ---

    static boolean isStatement(ReceivedSpan span) {
        return "postgresql".equals(span.attribute("db.system.name")) || "postgresql".equals(span.attribute("db.system"));
    }

    static boolean isRedis(ReceivedSpan span) {
        return "redis".equals(span.attribute("db.system.name"));
    }

    static boolean isKafka(ReceivedSpan span, SpanKind kind) {
        return span.kind() == kind && "kafka".equals(span.attribute("messaging.system"));
    }

    static Predicate<ReceivedSpan> of(String service, SpanKind kind) {
        return span -> span.service().equals(service) && span.kind() == kind;
    }

    /** Whether {@code span} descends from {@code ancestor} within the trace. */
    static boolean descendsFrom(ReceivedSpan span, ReceivedSpan ancestor, List<ReceivedSpan> trace) {
        Map<String, ReceivedSpan> byId = trace.stream()
                .collect(Collectors.toMap(ReceivedSpan::spanId, s -> s, (a, b) -> a));
        Optional<ReceivedSpan> parent = Optional.ofNullable(byId.get(span.parentSpanId()));
        while (parent.isPresent()) {
            if (parent.get().spanId().equals(ancestor.spanId())) {
                return true;
            }
            parent = Optional.ofNullable(byId.get(parent.get().parentSpanId()));
        }
        return false;
    }

    static String describe(List<ReceivedSpan> trace) {
        return trace.stream().map(span -> span.service() + " " + span.kind() + " " + span.name())
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    static void assertHas(List<ReceivedSpan> trace, String what, Predicate<ReceivedSpan> test) {
        assertThat(trace.stream().anyMatch(test)).as("%s in the trace:%s", what, describe(trace)).isTrue();
    }
}
