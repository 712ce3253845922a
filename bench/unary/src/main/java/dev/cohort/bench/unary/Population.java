package dev.cohort.bench.unary;

import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.course.demo.DemoCatalogImporter;
import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.course.v1.ImportCatalogResponse;
import dev.cohort.course.v1.SearchCoursesRequest;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.LoginRequest;
import dev.cohort.identity.v1.LoginResponse;
import dev.cohort.identity.v1.RegisterRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Who calls and what they ask for: {@code users} people registered at identity and signed in there (their access
 * tokens are identity's own ES256 tokens), each owning {@value #CHANNELS_PER_USER} chat channels; the demo
 * catalog imported into course by the bootstrap admin; the course ids found by searching it; and realistic search
 * queries. Call number {@code n} is made by user {@code n % users} about course {@code n % courses} and query
 * {@code n % queries}, so every pass spreads its calls the same way.
 */
record Population(List<String> userIds, List<String> tokens, List<String> courseIds,
                  List<SearchCoursesRequest> queries) {

    static final int CHANNELS_PER_USER = 3;
    static final int PAGE_SIZE = 20;
    static final String PASSWORD = "Quartz-Lantern-8841-Velvet";

    /** What people type into the course search box (codes both ways, words, a typo, filters). */
    static final List<SearchCoursesRequest> QUERIES = List.of(
            query("cpsc310"), query("CPSC 310"), query("intro algorithms"), query("machine learning"),
            query("organic chemistry"), query("psycology"), query("linear algebra"), query("calculus"),
            query("stat 3"), query("data"), query("software engineering"), query("quantum"),
            SearchCoursesRequest.newBuilder().setDepartment("MATH").setPageSize(PAGE_SIZE).build(),
            SearchCoursesRequest.newBuilder().setQ("introduction").setHasOpenSeats(true).setPageSize(PAGE_SIZE)
                    .build());

    static Population create(ServicesUnderTest services, int users) {
        ManagedChannel identityChannel = channel(services.identityPort);
        ManagedChannel courseChannel = channel(services.coursePort);
        ManagedChannel chatChannel = channel(services.chatPort);
        try {
            var identity = IdentityServiceGrpc.newBlockingStub(identityChannel);
            String adminToken = identity.withDeadlineAfter(30, TimeUnit.SECONDS).login(LoginRequest.newBuilder()
                    .setEmail(ServicesUnderTest.ADMIN_EMAIL).setPassword(services.adminPassword).build())
                    .getTokens().getAccessToken();
            ImportCatalogResponse imported = DemoCatalogImporter.importInto(courseChannel, adminToken);
            if (imported.getFailedCount() != 0) {
                throw new IllegalStateException("the demo catalog did not import: " + imported);
            }
            Set<String> courseIds = new LinkedHashSet<>();
            var course = authorized(CourseServiceGrpc.newBlockingStub(courseChannel), adminToken);
            for (SearchCoursesRequest query : QUERIES) {
                course.withDeadlineAfter(30, TimeUnit.SECONDS).searchCourses(query.toBuilder().setPageSize(100)
                        .build()).getCoursesList().forEach(found -> courseIds.add(found.getCourseId()));
            }

            List<String> userIds = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                String email = "bench-unary-" + u + "-" + UUID.randomUUID() + "@example.com";
                identity.withDeadlineAfter(30, TimeUnit.SECONDS).register(RegisterRequest.newBuilder()
                        .setEmail(email).setPassword(PASSWORD).setDisplayName("Bench Person " + u).build());
                LoginResponse login = identity.withDeadlineAfter(30, TimeUnit.SECONDS).login(LoginRequest.newBuilder()
                        .setEmail(email).setPassword(PASSWORD).build());
                userIds.add(login.getUser().getUserId());
                tokens.add(login.getTokens().getAccessToken());
            }
            services.registerWithChat(userIds.stream().map(UUID::fromString).toList());
            for (int u = 0; u < users; u++) {
                var chat = authorized(ChatServiceGrpc.newBlockingStub(chatChannel), tokens.get(u));
                for (int c = 0; c < CHANNELS_PER_USER; c++) {
                    chat.withDeadlineAfter(30, TimeUnit.SECONDS).createChannel(CreateChannelRequest.newBuilder()
                            .setName("bench " + u + "." + c).setTopic("unary benchmark").build());
                }
            }
            return new Population(List.copyOf(userIds), List.copyOf(tokens), List.copyOf(courseIds), QUERIES);
        } finally {
            identityChannel.shutdownNow();
            courseChannel.shutdownNow();
            chatChannel.shutdownNow();
        }
    }

    int user(long n) {
        return (int) (n % tokens.size());
    }

    String courseId(long n) {
        return courseIds.get((int) (n % courseIds.size()));
    }

    SearchCoursesRequest query(long n) {
        return queries.get((int) (n % queries.size()));
    }

    static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    static <S extends AbstractStub<S>> S authorized(S stub, String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static SearchCoursesRequest query(String q) {
        return SearchCoursesRequest.newBuilder().setQ(q).setPageSize(PAGE_SIZE).build();
    }
}
