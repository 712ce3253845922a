package dev.cohort.bench.unary;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import dev.cohort.course.v1.SearchCoursesRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The calls as a browser or a script makes them through the gateway: REST with JSON ({@code google.api.http}
 * routes), the access token as a bearer header. Armeria's HTTP client (HTTP/2 without TLS, one connection), so the
 * client is the same library as the gateway's server and as light as the gRPC clients.
 */
final class GatewayRest implements Transport {

    private final Population people;
    private final WebClient web;

    GatewayRest(ServicesUnderTest services, Population people) {
        this.people = people;
        this.web = WebClient.builder("http://127.0.0.1:" + services.gateway.port()).build();
    }

    @Override
    public String name() {
        return "REST via gateway";
    }

    @Override
    public UnaryCall call(Rpc rpc) {
        return switch (rpc) {
            case GET_ME -> n -> get(n, "/v1/identity/me", people.userIds().get(people.user(n)));
            case GET_COURSE -> n -> {
                String id = people.courseId(n);
                return get(n, "/v1/course/courses/" + id, id);
            };
            case SEARCH_COURSES -> n -> get(n, searchPath(people.query(n)), null);
            case LIST_CONVERSATIONS -> n -> get(n, "/v1/conversations?page_size=" + Population.PAGE_SIZE,
                    "conversationId");
        };
    }

    /** GET as user {@code n}'s caller; the answer must be 200 and, if {@code mustContain} is given, contain it. */
    private CompletableFuture<AggregatedHttpResponse> get(long n, String path, String mustContain) {
        RequestHeaders headers = RequestHeaders.of(HttpMethod.GET, path, HttpHeaderNames.AUTHORIZATION,
                "Bearer " + people.tokens().get(people.user(n)));
        return web.execute(headers).aggregate().thenApply(answer -> {
            DirectGrpc.check(answer.status().equals(HttpStatus.OK), "200 OK from " + path + ", got "
                    + answer.status() + " " + answer.contentUtf8());
            if (mustContain != null) {
                DirectGrpc.check(answer.contentUtf8().contains(mustContain), path + " to answer " + mustContain);
            }
            return answer;
        });
    }

    private static String searchPath(SearchCoursesRequest query) {
        StringBuilder path = new StringBuilder("/v1/course/courses:search?page_size=").append(query.getPageSize());
        if (!query.getQ().isEmpty()) {
            path.append("&q=").append(URLEncoder.encode(query.getQ(), StandardCharsets.UTF_8));
        }
        if (!query.getDepartment().isEmpty()) {
            path.append("&department=").append(URLEncoder.encode(query.getDepartment(), StandardCharsets.UTF_8));
        }
        if (query.getHasOpenSeats()) {
            path.append("&has_open_seats=true");
        }
        return path.toString();
    }

    @Override
    public void close() {
        // The client shares Armeria's default factory, closed with the JVM.
    }
}
