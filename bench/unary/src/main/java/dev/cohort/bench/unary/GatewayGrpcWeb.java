package dev.cohort.bench.unary;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.ListConversationsRequest;
import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.course.v1.GetCourseRequest;
import dev.cohort.identity.v1.GetMeRequest;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The calls as the web UI makes them: gRPC-Web (binary protobuf) to the gateway, which forwards them as gRPC.
 * Armeria's gRPC client speaking gRPC-Web over HTTP/2 without TLS, one connection.
 */
final class GatewayGrpcWeb implements Transport {

    private final Population people;
    private final List<IdentityServiceGrpc.IdentityServiceFutureStub> identity;
    private final List<CourseServiceGrpc.CourseServiceFutureStub> course;
    private final List<ChatServiceGrpc.ChatServiceFutureStub> chat;

    GatewayGrpcWeb(ServicesUnderTest services, Population people) {
        this.people = people;
        String uri = "http://127.0.0.1:" + services.gateway.port();
        identity = perUser(u -> stub(uri, u, IdentityServiceGrpc.IdentityServiceFutureStub.class));
        course = perUser(u -> stub(uri, u, CourseServiceGrpc.CourseServiceFutureStub.class));
        chat = perUser(u -> stub(uri, u, ChatServiceGrpc.ChatServiceFutureStub.class));
    }

    private <S> S stub(String uri, int user, Class<S> type) {
        return GrpcClients.builder(uri)
                .serializationFormat(GrpcSerializationFormats.PROTO_WEB)
                .addHeader(HttpHeaderNames.AUTHORIZATION, "Bearer " + people.tokens().get(user))
                .build(type);
    }

    @Override
    public String name() {
        return "gRPC-Web via gateway";
    }

    @Override
    public UnaryCall call(Rpc rpc) {
        return switch (rpc) {
            case GET_ME -> n -> {
                int user = people.user(n);
                return UnaryCall.completable(identity.get(user).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getMe(GetMeRequest.getDefaultInstance())).thenAccept(answer -> DirectGrpc.check(
                        answer.getUser().getUserId().equals(people.userIds().get(user)), "GetMe answers the caller"));
            };
            case GET_COURSE -> n -> {
                String id = people.courseId(n);
                return UnaryCall.completable(course.get(people.user(n)).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getCourse(GetCourseRequest.newBuilder().setCourseId(id).build())).thenAccept(answer ->
                        DirectGrpc.check(answer.getCourse().getCourseId().equals(id),
                                "GetCourse answers the course asked"));
            };
            case SEARCH_COURSES -> n -> UnaryCall.completable(course.get(people.user(n))
                    .withDeadlineAfter(10, TimeUnit.SECONDS).searchCourses(people.query(n)));
            case LIST_CONVERSATIONS -> n -> UnaryCall.completable(chat.get(people.user(n))
                    .withDeadlineAfter(10, TimeUnit.SECONDS).listConversations(ListConversationsRequest.newBuilder()
                            .setPageSize(Population.PAGE_SIZE).build())).thenAccept(answer -> DirectGrpc.check(
                    answer.getConversationsCount() >= Population.CHANNELS_PER_USER,
                    "ListConversations lists the caller's channels"));
        };
    }

    private <S> List<S> perUser(IntFunction<S> stub) {
        return IntStream.range(0, people.tokens().size()).mapToObj(stub).toList();
    }

    @Override
    public void close() {
    }
}
