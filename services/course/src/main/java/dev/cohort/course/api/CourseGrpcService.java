package dev.cohort.course.api;

import dev.cohort.auth.Caller;
import dev.cohort.course.app.CatalogImport;
import dev.cohort.course.app.CatalogQueries;
import dev.cohort.course.app.CourseView;
import dev.cohort.course.app.EnrolledSectionView;
import dev.cohort.course.app.EnrollmentView;
import dev.cohort.course.app.Enrollments;
import dev.cohort.course.app.LearningProgress;
import dev.cohort.course.app.SectionView;
import dev.cohort.course.domain.SearchFilters;
import dev.cohort.course.v1.CompleteLessonRequest;
import dev.cohort.course.v1.CompleteLessonResponse;
import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.course.v1.DropRequest;
import dev.cohort.course.v1.DropResponse;
import dev.cohort.course.v1.EnrollRequest;
import dev.cohort.course.v1.EnrollResponse;
import dev.cohort.course.v1.GetCourseRequest;
import dev.cohort.course.v1.GetCourseResponse;
import dev.cohort.course.v1.GetMyEnrollmentRequest;
import dev.cohort.course.v1.GetMyEnrollmentResponse;
import dev.cohort.course.v1.GetProgressRequest;
import dev.cohort.course.v1.GetProgressResponse;
import dev.cohort.course.v1.GetSectionRequest;
import dev.cohort.course.v1.GetSectionResponse;
import dev.cohort.course.v1.ImportCatalogRequest;
import dev.cohort.course.v1.ImportCatalogResponse;
import dev.cohort.course.v1.ListMyEnrollmentsRequest;
import dev.cohort.course.v1.ListMyEnrollmentsResponse;
import dev.cohort.course.v1.ListRosterRequest;
import dev.cohort.course.v1.ListRosterResponse;
import dev.cohort.course.v1.ListSectionsRequest;
import dev.cohort.course.v1.ListSectionsResponse;
import dev.cohort.course.v1.ListTermsRequest;
import dev.cohort.course.v1.ListTermsResponse;
import dev.cohort.course.v1.SearchCoursesRequest;
import dev.cohort.course.v1.SearchCoursesResponse;
import dev.cohort.grpc.server.ProtoTimestamps;
import dev.cohort.grpc.server.ValidationInterceptor;
import dev.cohort.paging.Page;
import io.grpc.stub.StreamObserver;
import java.util.UUID;

/**
 * The gRPC endpoint: maps messages to use cases and back, nothing else. Requests arrive validated
 * (protovalidate) and authorised (the contract's access policy); errors are mapped by the server conventions.
 */
public class CourseGrpcService extends CourseServiceGrpc.CourseServiceImplBase {

    private final CatalogQueries catalog;
    private final Enrollments enrollments;
    private final LearningProgress progress;
    private final CatalogImport catalogImport;
    private final ImportRecords importRecords;
    private final CourseAnswers courseAnswers = new CourseAnswers();

    public CourseGrpcService(CatalogQueries catalog, Enrollments enrollments, LearningProgress progress,
                             CatalogImport catalogImport, ValidationInterceptor validation) {
        this.catalog = catalog;
        this.enrollments = enrollments;
        this.progress = progress;
        this.catalogImport = catalogImport;
        this.importRecords = new ImportRecords(validation);
    }

    @Override
    public void listTerms(ListTermsRequest request, StreamObserver<ListTermsResponse> responses) {
        reply(responses, ListTermsResponse.newBuilder()
                .addAllTerms(catalog.terms().stream().map(ProtoMapping::term).toList())
                .build());
    }

    @Override
    public void getCourse(GetCourseRequest request, StreamObserver<GetCourseResponse> responses) {
        reply(responses, courseAnswers.answer(catalog.course(uuid(request.getCourseId()))));
    }

    @Override
    public void searchCourses(SearchCoursesRequest request, StreamObserver<SearchCoursesResponse> responses) {
        var filters = new SearchFilters(optionalUuid(request.getTermId()),
                request.getDepartment().isEmpty() ? null : request.getDepartment(), request.getHasOpenSeats());
        Page<CourseView> page = catalog.search(callerId(), request.getQ(), filters, request.getPageSize(),
                request.getPageToken());
        reply(responses, SearchCoursesResponse.newBuilder()
                .addAllCourses(page.items().stream().map(ProtoMapping::course).toList())
                .setNextPageToken(page.nextPageToken())
                .build());
    }

    @Override
    public void listSections(ListSectionsRequest request, StreamObserver<ListSectionsResponse> responses) {
        Page<SectionView> page = catalog.sections(callerId(), uuid(request.getCourseId()), optionalUuid(request.getTermId()),
                request.getPageSize(), request.getPageToken());
        reply(responses, ListSectionsResponse.newBuilder()
                .addAllSections(page.items().stream().map(ProtoMapping::section).toList())
                .setNextPageToken(page.nextPageToken())
                .build());
    }

    @Override
    public void getSection(GetSectionRequest request, StreamObserver<GetSectionResponse> responses) {
        reply(responses, GetSectionResponse.newBuilder()
                .setSection(ProtoMapping.section(catalog.section(uuid(request.getSectionId()))))
                .build());
    }

    @Override
    public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> responses) {
        EnrollmentView enrollment = enrollments.enroll(callerId(), uuid(request.getSectionId()));
        reply(responses, EnrollResponse.newBuilder().setEnrollment(ProtoMapping.enrollment(enrollment)).build());
    }

    @Override
    public void drop(DropRequest request, StreamObserver<DropResponse> responses) {
        EnrollmentView enrollment = enrollments.drop(callerId(), uuid(request.getSectionId()));
        reply(responses, DropResponse.newBuilder().setEnrollment(ProtoMapping.enrollment(enrollment)).build());
    }

    @Override
    public void listMyEnrollments(ListMyEnrollmentsRequest request,
                                  StreamObserver<ListMyEnrollmentsResponse> responses) {
        Page<EnrolledSectionView> page = enrollments.mine(callerId(), request.getIncludeDropped(),
                request.getPageSize(), request.getPageToken());
        reply(responses, ListMyEnrollmentsResponse.newBuilder()
                .addAllEnrollments(page.items().stream().map(ProtoMapping::enrolledSection).toList())
                .setNextPageToken(page.nextPageToken())
                .build());
    }

    @Override
    public void getMyEnrollment(GetMyEnrollmentRequest request, StreamObserver<GetMyEnrollmentResponse> responses) {
        EnrollmentView enrollment = enrollments.current(callerId(), uuid(request.getSectionId()));
        reply(responses, GetMyEnrollmentResponse.newBuilder()
                .setEnrollment(ProtoMapping.enrollment(enrollment)).build());
    }

    @Override
    public void listRoster(ListRosterRequest request, StreamObserver<ListRosterResponse> responses) {
        Page<EnrollmentView> page = enrollments.roster(Caller.require(), uuid(request.getSectionId()),
                request.getPageSize(), request.getPageToken());
        reply(responses, ListRosterResponse.newBuilder()
                .addAllEnrollments(page.items().stream().map(ProtoMapping::enrollment).toList())
                .setNextPageToken(page.nextPageToken())
                .build());
    }

    @Override
    public void completeLesson(CompleteLessonRequest request, StreamObserver<CompleteLessonResponse> responses) {
        LearningProgress.Completion completion = progress.complete(callerId(), uuid(request.getLessonId()));
        reply(responses, CompleteLessonResponse.newBuilder()
                .setLessonId(completion.lessonId().toString())
                .setCourseId(completion.courseId().toString())
                .setCompleteTime(ProtoTimestamps.timestamp(completion.completedAt()))
                .setNewlyCompleted(completion.newlyCompleted())
                .build());
    }

    @Override
    public void getProgress(GetProgressRequest request, StreamObserver<GetProgressResponse> responses) {
        reply(responses, ProtoMapping.progress(progress.progress(callerId(), uuid(request.getCourseId()))));
    }

    @Override
    public StreamObserver<ImportCatalogRequest> importCatalog(StreamObserver<ImportCatalogResponse> responses) {
        return new ImportCatalogCall(catalogImport.start(Caller.require()), importRecords, responses);
    }

    private static UUID callerId() {
        return Caller.requireUserUuid();
    }

    /** Ids arrive validated as UUIDs by the contract's rules. */
    private static UUID uuid(String id) {
        return UUID.fromString(id);
    }

    private static UUID optionalUuid(String id) {
        return id.isEmpty() ? null : UUID.fromString(id);
    }

    private static <T> void reply(StreamObserver<T> responses, T response) {
        responses.onNext(response);
        responses.onCompleted();
    }
}
