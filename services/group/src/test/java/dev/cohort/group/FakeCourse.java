package dev.cohort.group;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.nimbusds.jwt.SignedJWT;
import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.course.v1.Enrollment;
import dev.cohort.course.v1.EnrollmentStatus;
import dev.cohort.course.v1.GetMyEnrollmentRequest;
import dev.cohort.course.v1.GetMyEnrollmentResponse;
import dev.cohort.course.v1.GetSectionRequest;
import dev.cohort.course.v1.GetSectionResponse;
import dev.cohort.course.v1.Section;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The course service as group sees it, at the service boundary: a real gRPC server on a free port implementing
 * the generated {@code CourseService} contract (GetSection, GetMyEnrollment), set up by each test with sections
 * and enrollments. It knows the caller only from the forwarded access token, and records what each call carried
 * (token, deadline) so tests can assert group's client conventions.
 */
final class FakeCourse implements AutoCloseable {

    /** What one call to the fake carried. */
    record Call(String method, String sectionId, String authorization, Long deadlineMillis) {
    }

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> AUTHORIZATION_IN_CONTEXT = Context.key("fake-course-authorization");

    private final Map<String, Integer> maxGroupSizes = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> enrolled = new ConcurrentHashMap<>();
    private final Set<String> unresponsive = ConcurrentHashMap.newKeySet();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Server server;

    FakeCourse() {
        ServerInterceptor captureToken = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                Context context = Context.current().withValue(AUTHORIZATION_IN_CONTEXT, headers.get(AUTHORIZATION));
                return Contexts.interceptCall(context, call, headers, next);
            }
        };
        try {
            server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                    .addService(ServerInterceptors.intercept(new Service(), captureToken))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake course service", e);
        }
    }

    /** The gRPC target group should use. */
    String target() {
        return "dns:///127.0.0.1:" + server.getPort();
    }

    /** A new section allowing groups of up to {@code maxGroupSize}; returns its id. */
    UUID newSection(int maxGroupSize) {
        UUID section = UUID.randomUUID();
        maxGroupSizes.put(section.toString(), maxGroupSize);
        enrolled.put(section.toString(), ConcurrentHashMap.newKeySet());
        return section;
    }

    void enroll(UUID section, UUID... students) {
        for (UUID student : students) {
            enrolled.get(section.toString()).add(student.toString());
        }
    }

    void drop(UUID section, UUID student) {
        enrolled.get(section.toString()).remove(student.toString());
    }

    /** Calls about this section never answer (until the caller gives up). */
    void stopAnswering(UUID section) {
        unresponsive.add(section.toString());
    }

    /** Every call made so far about {@code section}. */
    List<Call> callsAbout(UUID section) {
        return calls.stream().filter(call -> call.sectionId().equals(section.toString())).toList();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private final class Service extends CourseServiceGrpc.CourseServiceImplBase {

        @Override
        public void getSection(GetSectionRequest request, StreamObserver<GetSectionResponse> responses) {
            String section = request.getSectionId();
            record("GetSection", section);
            awaitCancellationIfUnresponsive(section);
            Integer maxGroupSize = maxGroupSizes.get(section);
            if (maxGroupSize == null) {
                responses.onError(error(Code.NOT_FOUND, "SECTION_NOT_FOUND"));
                return;
            }
            responses.onNext(GetSectionResponse.newBuilder().setSection(Section.newBuilder()
                    .setSectionId(section).setCourseId(UUID.randomUUID().toString())
                    .setCapacity(100).setMaxGroupSize(maxGroupSize)).build());
            responses.onCompleted();
        }

        @Override
        public void getMyEnrollment(GetMyEnrollmentRequest request, StreamObserver<GetMyEnrollmentResponse> responses) {
            String section = request.getSectionId();
            record("GetMyEnrollment", section);
            awaitCancellationIfUnresponsive(section);
            String user = userOf(AUTHORIZATION_IN_CONTEXT.get());
            if (user == null) {
                responses.onError(error(Code.UNAUTHENTICATED, "UNAUTHENTICATED"));
                return;
            }
            if (!enrolled.containsKey(section)) {
                responses.onError(error(Code.NOT_FOUND, "SECTION_NOT_FOUND"));
                return;
            }
            if (!enrolled.get(section).contains(user)) {
                responses.onError(error(Code.NOT_FOUND, "NOT_ENROLLED"));
                return;
            }
            responses.onNext(GetMyEnrollmentResponse.newBuilder().setEnrollment(Enrollment.newBuilder()
                    .setSectionId(section).setUserId(user)
                    .setStatus(EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED)).build());
            responses.onCompleted();
        }

        private void record(String method, String section) {
            Deadline deadline = Context.current().getDeadline();
            calls.add(new Call(method, section, AUTHORIZATION_IN_CONTEXT.get(),
                    deadline == null ? null : deadline.timeRemaining(TimeUnit.MILLISECONDS)));
        }

        private void awaitCancellationIfUnresponsive(String section) {
            if (!unresponsive.contains(section)) {
                return;
            }
            CountDownLatch cancelled = new CountDownLatch(1);
            Context.current().addListener(context -> cancelled.countDown(), Runnable::run);
            try {
                cancelled.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The subject of a bearer token; the fake trusts group to have verified it. */
    private static String userOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        try {
            return SignedJWT.parse(authorization.substring("Bearer ".length())).getJWTClaimsSet().getSubject();
        } catch (java.text.ParseException e) {
            return null;
        }
    }

    private static StatusRuntimeException error(Code code, String reason) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber())
                .setMessage(reason)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain("course.cohort.dev").build()))
                .build());
    }
}
