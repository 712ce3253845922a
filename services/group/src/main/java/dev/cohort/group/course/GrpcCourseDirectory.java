package dev.cohort.group.course;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import dev.cohort.auth.ForwardCallerCredentials;
import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.course.v1.EnrollmentStatus;
import dev.cohort.course.v1.GetMyEnrollmentRequest;
import dev.cohort.course.v1.GetSectionRequest;
import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.group.app.CourseDirectory;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The course service over gRPC. Every call carries the current caller's token (course authorises the student, not
 * this service) and its own deadline, so a slow course costs a request at most {@code deadline}, never a thread.
 * Course's answers become group's own errors: an unknown section stays NOT_FOUND, "not enrolled" is this
 * service's FAILED_PRECONDITION, and anything else (down, too slow, broken) is UNAVAILABLE, which clients may retry.
 */
public final class GrpcCourseDirectory implements CourseDirectory {

    private static final String NOT_ENROLLED = "NOT_ENROLLED";

    private final CourseServiceGrpc.CourseServiceBlockingStub course;
    private final Duration deadline;
    private final String errorDomain;

    /**
     * @param channel     a channel to course (retries UNAVAILABLE itself; see {@code CohortChannels})
     * @param deadline    the most each call may take
     * @param errorDomain the {@code ErrorInfo} domain of this service's own errors
     */
    public GrpcCourseDirectory(Channel channel, Duration deadline, String errorDomain) {
        this.course = CourseServiceGrpc.newBlockingStub(ClientInterceptors.intercept(channel, new ForwardCallerCredentials()));
        this.deadline = deadline;
        this.errorDomain = errorDomain;
    }

    @Override
    public int maxGroupSize(UUID sectionId) {
        try {
            return withDeadline().getSection(GetSectionRequest.newBuilder().setSectionId(sectionId.toString()).build())
                    .getSection().getMaxGroupSize();
        } catch (StatusRuntimeException failure) {
            throw translate(failure, sectionId);
        }
    }

    @Override
    public void requireCallerEnrolled(UUID sectionId) {
        EnrollmentStatus status;
        try {
            status = withDeadline().getMyEnrollment(GetMyEnrollmentRequest.newBuilder()
                    .setSectionId(sectionId.toString()).build()).getEnrollment().getStatus();
        } catch (StatusRuntimeException failure) {
            if (failure.getStatus().getCode() == Status.Code.NOT_FOUND
                    && reasonOf(failure).filter(NOT_ENROLLED::equals).isPresent()) {
                throw notEnrolled(sectionId);
            }
            throw translate(failure, sectionId);
        }
        if (status != EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED) {
            throw notEnrolled(sectionId);
        }
    }

    private CourseServiceGrpc.CourseServiceBlockingStub withDeadline() {
        return course.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private RuntimeException translate(StatusRuntimeException failure, UUID sectionId) {
        return switch (failure.getStatus().getCode()) {
            case NOT_FOUND -> new NotFoundException("SECTION_NOT_FOUND", "no such section",
                    Map.of("sectionId", sectionId.toString()));
            // Course refused the caller's own token (e.g. revoked meanwhile): the caller's problem, as course said.
            case UNAUTHENTICATED, PERMISSION_DENIED -> failure;
            default -> unavailable(failure);
        };
    }

    private StatusRuntimeException unavailable(StatusRuntimeException cause) {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(Code.UNAVAILABLE_VALUE)
                .setMessage("the course service did not answer in time; try again")
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason("COURSE_UNAVAILABLE")
                        .setDomain(errorDomain)
                        .putMetadata("courseStatus", cause.getStatus().getCode().name())
                        .build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    private static FailedPreconditionException notEnrolled(UUID sectionId) {
        return new FailedPreconditionException(NOT_ENROLLED, "the caller is not enrolled in the section",
                Map.of("sectionId", sectionId.toString()));
    }

    private static Optional<String> reasonOf(StatusRuntimeException failure) {
        com.google.rpc.Status status = StatusProto.fromThrowable(failure);
        if (status == null) {
            return Optional.empty();
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return Optional.of(detail.unpack(ErrorInfo.class).getReason());
                } catch (InvalidProtocolBufferException unreadable) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
