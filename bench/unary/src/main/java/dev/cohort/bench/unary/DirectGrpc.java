package dev.cohort.bench.unary;

import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.ListConversationsRequest;
import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.course.v1.GetCourseRequest;
import dev.cohort.identity.v1.GetMeRequest;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Each service called over gRPC on its own port, one HTTP/2 connection per service, as a backend would. */
final class DirectGrpc implements Transport {

    private final Population people;
    private final List<ManagedChannel> channels;
    private final List<IdentityServiceGrpc.IdentityServiceFutureStub> identity;
    private final List<CourseServiceGrpc.CourseServiceFutureStub> course;
    private final List<ChatServiceGrpc.ChatServiceFutureStub> chat;

    DirectGrpc(ServicesUnderTest services, Population people) {
        this.people = people;
        ManagedChannel identityChannel = Population.channel(services.identityPort);
        ManagedChannel courseChannel = Population.channel(services.coursePort);
        ManagedChannel chatChannel = Population.channel(services.chatPort);
        channels = List.of(identityChannel, courseChannel, chatChannel);
        identity = perUser(u -> Population.authorized(IdentityServiceGrpc.newFutureStub(identityChannel),
                people.tokens().get(u)));
        course = perUser(u -> Population.authorized(CourseServiceGrpc.newFutureStub(courseChannel),
                people.tokens().get(u)));
        chat = perUser(u -> Population.authorized(ChatServiceGrpc.newFutureStub(chatChannel),
                people.tokens().get(u)));
    }

    @Override
    public String name() {
        return "gRPC direct";
    }

    @Override
    public UnaryCall call(Rpc rpc) {
        return switch (rpc) {
            case GET_ME -> n -> {
                int user = people.user(n);
                return UnaryCall.completable(identity.get(user).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getMe(GetMeRequest.getDefaultInstance())).thenAccept(answer -> check(
                        answer.getUser().getUserId().equals(people.userIds().get(user)), "GetMe answers the caller"));
            };
            case GET_COURSE -> n -> {
                String id = people.courseId(n);
                return UnaryCall.completable(course.get(people.user(n)).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getCourse(GetCourseRequest.newBuilder().setCourseId(id).build())).thenAccept(answer ->
                        check(answer.getCourse().getCourseId().equals(id), "GetCourse answers the course asked"));
            };
            case SEARCH_COURSES -> n -> UnaryCall.completable(course.get(people.user(n))
                    .withDeadlineAfter(10, TimeUnit.SECONDS).searchCourses(people.query(n)));
            case LIST_CONVERSATIONS -> n -> UnaryCall.completable(chat.get(people.user(n))
                    .withDeadlineAfter(10, TimeUnit.SECONDS).listConversations(ListConversationsRequest.newBuilder()
                            .setPageSize(Population.PAGE_SIZE).build())).thenAccept(answer -> check(
                    answer.getConversationsCount() >= Population.CHANNELS_PER_USER,
                    "ListConversations lists the caller's channels"));
        };
    }

    private <S> List<S> perUser(IntFunction<S> stub) {
        return java.util.stream.IntStream.range(0, people.tokens().size()).mapToObj(stub).toList();
    }

    static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("wrong answer: expected " + what);
        }
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
    }
}
