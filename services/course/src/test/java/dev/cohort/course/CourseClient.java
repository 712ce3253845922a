package dev.cohort.course;

import dev.cohort.testkit.grpc.GrpcFailures;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import dev.cohort.course.demo.CatalogImportClient;
import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.course.v1.Enrollment;
import dev.cohort.course.v1.EnrollRequest;
import dev.cohort.course.v1.ImportCatalogRequest;
import dev.cohort.course.v1.ImportCatalogResponse;
import dev.cohort.course.v1.ListSectionsRequest;
import dev.cohort.course.v1.SearchCoursesRequest;
import dev.cohort.course.v1.Section;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A real gRPC client of the running service, with helpers that keep the tests about behaviour. */
final class CourseClient implements AutoCloseable {

    /** Someone signed in, as the service sees them. */
    record Person(String userId, String token) {
    }

    private final ManagedChannel channel;

    CourseClient(int port) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    ManagedChannel channel() {
        return channel;
    }

    static Person person(String... roles) {
        String userId = UUID.randomUUID().toString();
        return new Person(userId, CourseTestSupport.TOKENS.token(userId, roles));
    }

    static Person student() {
        return person("STUDENT");
    }

    static Person instructor() {
        return person("INSTRUCTOR");
    }

    static Person admin() {
        return person("ADMIN");
    }

    CourseServiceGrpc.CourseServiceBlockingStub anonymous() {
        return CourseServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    CourseServiceGrpc.CourseServiceBlockingStub as(Person person) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + person.token());
        return anonymous().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    ImportCatalogResponse importCatalog(Person person, List<ImportCatalogRequest> records) {
        return CatalogImportClient.send(channel, person.token(), records.iterator(), Duration.ofMinutes(1));
    }

    /** The id of the course with this code (found through search). */
    String courseId(String code) {
        var courses = as(student()).searchCourses(SearchCoursesRequest.newBuilder().setQ(code).build())
                .getCoursesList();
        return courses.stream().filter(course -> course.getCode().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no course " + code)).getCourseId();
    }

    /** The section with this code of the course with this code (in any term). */
    Section section(String courseCode, String termCode, String sectionCode) {
        return as(student()).listSections(ListSectionsRequest.newBuilder().setCourseId(courseId(courseCode))
                        .setPageSize(100).build())
                .getSectionsList().stream()
                .filter(section -> section.getTermCode().equals(termCode)
                        && section.getSectionCode().equals(sectionCode))
                .findFirst().orElseThrow(() -> new AssertionError("no section " + sectionCode + " of " + courseCode));
    }

    Enrollment enroll(Person person, String sectionId) {
        return as(person).enroll(EnrollRequest.newBuilder().setSectionId(sectionId).build()).getEnrollment();
    }

    static StatusRuntimeException failure(Runnable call) {
        return GrpcFailures.failure(call);
    }

    static String reason(StatusRuntimeException error) {
        return GrpcFailures.reason(error);
    }

    static List<String> violatedFields(StatusRuntimeException error) {
        return detail(error, BadRequest.class).getFieldViolationsList().stream()
                .map(BadRequest.FieldViolation::getField).toList();
    }

    static <T extends Message> T detail(StatusRuntimeException error, Class<T> type) {
        return GrpcFailures.detail(error, type);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
