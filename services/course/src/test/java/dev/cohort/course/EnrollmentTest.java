package dev.cohort.course;

import static dev.cohort.course.CatalogRecords.course;
import static dev.cohort.course.CatalogRecords.module;
import static dev.cohort.course.CatalogRecords.section;
import static dev.cohort.course.CatalogRecords.term;
import static dev.cohort.course.CatalogRecords.uniqueCourseCode;
import static dev.cohort.course.CatalogRecords.uniqueTermCode;
import static dev.cohort.course.CourseClient.admin;
import static dev.cohort.course.CourseClient.failure;
import static dev.cohort.course.CourseClient.instructor;
import static dev.cohort.course.CourseClient.reason;
import static dev.cohort.course.CourseClient.student;
import static dev.cohort.course.CourseClient.violatedFields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.course.CourseClient.Person;
import dev.cohort.course.v1.CompleteLessonRequest;
import dev.cohort.course.v1.CompleteLessonResponse;
import dev.cohort.course.v1.DropRequest;
import dev.cohort.course.v1.EnrolledSection;
import dev.cohort.course.v1.Enrollment;
import dev.cohort.course.v1.EnrollmentStatus;
import dev.cohort.course.v1.EnrollRequest;
import dev.cohort.course.v1.GetCourseRequest;
import dev.cohort.course.v1.GetMyEnrollmentRequest;
import dev.cohort.course.v1.GetProgressRequest;
import dev.cohort.course.v1.GetProgressResponse;
import dev.cohort.course.v1.GetSectionRequest;
import dev.cohort.course.v1.Lesson;
import dev.cohort.course.v1.ListMyEnrollmentsRequest;
import dev.cohort.course.v1.ListMyEnrollmentsResponse;
import dev.cohort.course.v1.ListRosterRequest;
import dev.cohort.course.v1.ListRosterResponse;
import dev.cohort.course.v1.ModuleProgress;
import dev.cohort.course.v1.Section;
import dev.cohort.course.v1.TermState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Enrollment, rosters and progress, on a small catalog of their own. */
class EnrollmentTest extends CourseServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        CourseTestSupport.register(registry, EnrollmentTest.class, false);
    }

    final String openTerm = uniqueTermCode();
    final String closedTerm = uniqueTermCode();
    final String code = uniqueCourseCode();
    final String otherCode = uniqueCourseCode();
    final Person teacher = instructor();
    String courseId;

    @BeforeAll
    void importCatalog() {
        var answer = client.importCatalog(admin(), List.of(
                term(openTerm, TermState.TERM_STATE_OPEN), term(closedTerm, TermState.TERM_STATE_CLOSED),
                course(code, "Enrollment Practice"), course(otherCode, "Another Course"),
                section(code, openTerm, "101", 100, teacher.userId()),
                section(code, openTerm, "102", 1),
                section(code, openTerm, "103", 5),
                section(code, openTerm, "104", 100),
                section(code, closedTerm, "101", 100),
                section(otherCode, openTerm, "101", 100),
                module(code, 1, "Getting started", "Welcome", "Tools", "First steps", "Quiz"),
                module(code, 2, "Going further", "Deeper", "Wrap-up")));
        assertThat(answer.getFailedCount()).isZero();
        courseId = client.courseId(code);
    }

    String sectionId(String sectionCode) {
        return client.section(code, openTerm, sectionCode).getSectionId();
    }

    Section sectionNow(String sectionId) {
        return client.as(student()).getSection(GetSectionRequest.newBuilder().setSectionId(sectionId).build())
                .getSection();
    }

    Enrollment myEnrollment(Person person, String sectionId) {
        return client.as(person).getMyEnrollment(GetMyEnrollmentRequest.newBuilder().setSectionId(sectionId).build())
                .getEnrollment();
    }

    Enrollment drop(Person person, String sectionId) {
        return client.as(person).drop(DropRequest.newBuilder().setSectionId(sectionId).build()).getEnrollment();
    }

    // --- enrolling and dropping ---

    @Test
    void enrollsInASectionOfAnOpenTermAndTakesASeat() {
        Person ada = student();
        String sectionId = sectionId("104");
        int before = sectionNow(sectionId).getEnrolledCount();

        Enrollment enrollment = client.enroll(ada, sectionId);

        assertThat(enrollment.getStatus()).isEqualTo(EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED);
        assertThat(enrollment.getUserId()).isEqualTo(ada.userId());
        assertThat(enrollment.getSectionId()).isEqualTo(sectionId);
        assertThat(enrollment.hasEnrollTime()).isTrue();
        assertThat(sectionNow(sectionId).getEnrolledCount()).isEqualTo(before + 1);
        assertThat(myEnrollment(ada, sectionId)).isEqualTo(enrollment);
    }

    @Test
    void rejectsASecondEnrollmentInTheSameSection() {
        Person ada = student();
        String sectionId = sectionId("104");
        client.enroll(ada, sectionId);
        int before = sectionNow(sectionId).getEnrolledCount();

        StatusRuntimeException error = failure(() -> client.enroll(ada, sectionId));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(reason(error)).isEqualTo("ALREADY_ENROLLED");
        assertThat(sectionNow(sectionId).getEnrolledCount()).isEqualTo(before);
    }

    @Test
    void rejectsEnrollmentWhenSectionIsFull() {
        String sectionId = sectionId("102");
        Person first = student();
        Person second = student();
        client.enroll(first, sectionId);

        StatusRuntimeException error = failure(() -> client.enroll(second, sectionId));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(error)).isEqualTo("SECTION_FULL");
        assertThat(reason(failure(() -> myEnrollment(second, sectionId)))).isEqualTo("NOT_ENROLLED");
        assertThat(sectionNow(sectionId).getEnrolledCount()).isEqualTo(1);
    }

    @Test
    void rejectsEnrollmentAndDropInAClosedTerm() {
        String sectionId = client.section(code, closedTerm, "101").getSectionId();

        StatusRuntimeException enroll = failure(() -> client.enroll(student(), sectionId));
        StatusRuntimeException drop = failure(() -> drop(student(), sectionId));

        assertThat(enroll.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(enroll)).isEqualTo("TERM_CLOSED");
        assertThat(reason(drop)).isEqualTo("TERM_CLOSED");
        assertThat(sectionNow(sectionId).getTermState()).isEqualTo(TermState.TERM_STATE_CLOSED);
    }

    @Test
    void droppingFreesTheSeatAndEnrollingAgainWorks() {
        Person ada = student();
        String sectionId = sectionId("104");
        client.enroll(ada, sectionId);
        int enrolled = sectionNow(sectionId).getEnrolledCount();

        Enrollment dropped = drop(ada, sectionId);

        assertThat(dropped.getStatus()).isEqualTo(EnrollmentStatus.ENROLLMENT_STATUS_DROPPED);
        assertThat(dropped.hasDropTime()).isTrue();
        assertThat(sectionNow(sectionId).getEnrolledCount()).isEqualTo(enrolled - 1);
        StatusRuntimeException notEnrolled = failure(() -> myEnrollment(ada, sectionId));
        assertThat(notEnrolled.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(notEnrolled)).isEqualTo("NOT_ENROLLED");

        Enrollment again = client.enroll(ada, sectionId);

        assertThat(again.getStatus()).isEqualTo(EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED);
        assertThat(again.hasDropTime()).isFalse();
        assertThat(sectionNow(sectionId).getEnrolledCount()).isEqualTo(enrolled);
        assertThat(myEnrollment(ada, sectionId).getStatus()).isEqualTo(EnrollmentStatus.ENROLLMENT_STATUS_ENROLLED);
    }

    @Test
    void droppingASectionOneIsNotEnrolledInIsNotFound() {
        StatusRuntimeException error = failure(() -> drop(student(), sectionId("104")));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(error)).isEqualTo("NOT_ENROLLED");
    }

    @Test
    void unknownSectionsAreNotFound() {
        String nowhere = UUID.randomUUID().toString();

        assertThat(reason(failure(() -> client.enroll(student(), nowhere)))).isEqualTo("SECTION_NOT_FOUND");
        assertThat(reason(failure(() -> myEnrollment(student(), nowhere)))).isEqualTo("SECTION_NOT_FOUND");
        assertThat(reason(failure(() -> client.as(admin()).listRoster(ListRosterRequest.newBuilder()
                .setSectionId(nowhere).build())))).isEqualTo("SECTION_NOT_FOUND");
    }

    @Test
    void twentyStudentsRacingForFiveSeatsLeaveExactlyFiveEnrolled() throws Exception {
        String sectionId = sectionId("103");
        List<Person> students = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            students.add(student());
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Status.Code>> outcomes = new ArrayList<>();
        try {
            for (Person person : students) {
                Callable<Status.Code> attempt = () -> {
                    start.await();
                    try {
                        client.enroll(person, sectionId);
                        return Status.Code.OK;
                    } catch (StatusRuntimeException refused) {
                        return refused.getStatus().getCode();
                    }
                };
                outcomes.add(pool.submit(attempt));
            }
            start.countDown();
            List<Status.Code> codes = new ArrayList<>();
            for (Future<Status.Code> outcome : outcomes) {
                codes.add(outcome.get());
            }

            assertThat(codes).filteredOn(c -> c == Status.Code.OK).hasSize(5);
            assertThat(codes).filteredOn(c -> c != Status.Code.OK).hasSize(15)
                    .allMatch(c -> c == Status.Code.FAILED_PRECONDITION);
        } finally {
            pool.shutdownNow();
        }
        assertThat(sectionNow(sectionId).getEnrolledCount()).isEqualTo(5);
        assertThat(client.as(admin()).listRoster(ListRosterRequest.newBuilder().setSectionId(sectionId).build())
                .getEnrollmentsList()).hasSize(5);
    }

    @Test
    void listsMyEnrollmentsLatestFirstPageByPage() {
        Person ada = student();
        List<String> order = List.of(sectionId("101"), sectionId("104"),
                client.section(otherCode, openTerm, "101").getSectionId());
        order.forEach(sectionId -> client.enroll(ada, sectionId));
        drop(ada, order.get(1));

        ListMyEnrollmentsResponse current = client.as(ada).listMyEnrollments(ListMyEnrollmentsRequest.getDefaultInstance());
        assertThat(current.getEnrollmentsList()).extracting(e -> e.getEnrollment().getSectionId())
                .containsExactly(order.get(2), order.get(0));
        assertThat(current.getEnrollments(0).getCourseTitle()).isEqualTo("Another Course");
        assertThat(current.getEnrollments(0).getSection().getCourseCode()).isEqualTo(otherCode);

        List<EnrolledSection> all = new ArrayList<>();
        String token = "";
        do {
            ListMyEnrollmentsResponse page = client.as(ada).listMyEnrollments(ListMyEnrollmentsRequest.newBuilder()
                    .setIncludeDropped(true).setPageSize(1).setPageToken(token).build());
            all.addAll(page.getEnrollmentsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(all).extracting(e -> e.getEnrollment().getSectionId())
                .containsExactly(order.get(2), order.get(1), order.get(0));
        assertThat(all.get(1).getEnrollment().getStatus()).isEqualTo(EnrollmentStatus.ENROLLMENT_STATUS_DROPPED);
    }

    // --- rosters ---

    @Test
    void rosterIsOpenToTheInstructorItsStudentsAndAdmins() {
        String sectionId = sectionId("101");
        Person ada = student();
        Person bob = student();
        client.enroll(ada, sectionId);
        client.enroll(bob, sectionId);

        for (Person reader : List.of(teacher, ada, admin())) {
            ListRosterResponse roster = client.as(reader).listRoster(ListRosterRequest.newBuilder()
                    .setSectionId(sectionId).build());
            assertThat(roster.getEnrollmentsList()).extracting(Enrollment::getUserId)
                    .contains(ada.userId(), bob.userId());
        }
    }

    @Test
    void studentCannotReadTheRosterOfAnotherSection() {
        Person outsider = student();
        client.enroll(outsider, sectionId("104"));

        StatusRuntimeException error = failure(() -> client.as(outsider).listRoster(ListRosterRequest.newBuilder()
                .setSectionId(sectionId("101")).build()));
        StatusRuntimeException otherInstructor = failure(() -> client.as(instructor()).listRoster(ListRosterRequest
                .newBuilder().setSectionId(sectionId("101")).build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(error)).isEqualTo("ROSTER_FORBIDDEN");
        assertThat(reason(otherInstructor)).isEqualTo("ROSTER_FORBIDDEN");
    }

    @Test
    void rosterPagesInEnrolmentOrder() {
        String sectionId = client.section(otherCode, openTerm, "101").getSectionId();
        List<String> enrolled = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Person person = student();
            client.enroll(person, sectionId);
            enrolled.add(person.userId());
        }

        List<String> seen = new ArrayList<>();
        String token = "";
        Person reader = admin(); // page tokens are bound to their caller
        do {
            ListRosterResponse page = client.as(reader).listRoster(ListRosterRequest.newBuilder()
                    .setSectionId(sectionId).setPageSize(2).setPageToken(token).build());
            page.getEnrollmentsList().forEach(e -> seen.add(e.getUserId()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());

        assertThat(seen).containsSubsequence(enrolled).doesNotHaveDuplicates();
    }

    // --- progress ---

    List<Lesson> lessons() {
        return client.as(student()).getCourse(GetCourseRequest.newBuilder().setCourseId(courseId).build())
                .getModulesList().stream().flatMap(module -> module.getLessonsList().stream()).toList();
    }

    CompleteLessonResponse complete(Person person, String lessonId) {
        return client.as(person).completeLesson(CompleteLessonRequest.newBuilder().setLessonId(lessonId).build());
    }

    @Test
    void completingALessonTwiceKeepsTheFirstCompletion() {
        Person ada = student();
        client.enroll(ada, sectionId("104"));
        String lessonId = lessons().get(0).getLessonId();

        CompleteLessonResponse first = complete(ada, lessonId);
        CompleteLessonResponse second = complete(ada, lessonId);

        assertThat(first.getNewlyCompleted()).isTrue();
        assertThat(first.getCourseId()).isEqualTo(courseId);
        assertThat(second.getNewlyCompleted()).isFalse();
        assertThat(second.getCompleteTime()).isEqualTo(first.getCompleteTime());
    }

    @Test
    void reportsProgressPerModuleAndOverall() {
        Person ada = student();
        client.enroll(ada, sectionId("104"));
        List<Lesson> lessons = lessons();
        // Module 1 has 4 lessons, module 2 has 2: complete 2 of module 1 and 1 of module 2.
        complete(ada, lessons.get(0).getLessonId());
        complete(ada, lessons.get(1).getLessonId());
        complete(ada, lessons.get(4).getLessonId());

        GetProgressResponse progress = client.as(ada).getProgress(GetProgressRequest.newBuilder()
                .setCourseId(courseId).build());

        assertThat(progress.getModulesList()).extracting(ModuleProgress::getCompletedLessonCount,
                ModuleProgress::getLessonCount, ModuleProgress::getPercentComplete)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 4, 50.0),
                        org.assertj.core.groups.Tuple.tuple(1, 2, 50.0));
        assertThat(progress.getModules(0).getCompletedLessonIdsList())
                .containsExactly(lessons.get(0).getLessonId(), lessons.get(1).getLessonId());
        assertThat(progress.getCompletedLessonCount()).isEqualTo(3);
        assertThat(progress.getLessonCount()).isEqualTo(6);
        assertThat(progress.getPercentComplete()).isEqualTo(50.0);
        assertThat(client.as(student()).getProgress(GetProgressRequest.newBuilder().setCourseId(courseId).build())
                .getPercentComplete()).as("someone else's progress").isZero();
    }

    @Test
    void completingALessonRequiresEnrolmentInItsCourse() {
        Person outsider = student();
        client.enroll(outsider, client.section(otherCode, openTerm, "101").getSectionId());

        StatusRuntimeException error = failure(() -> complete(outsider, lessons().get(0).getLessonId()));
        StatusRuntimeException unknown = failure(() -> complete(outsider, UUID.randomUUID().toString()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(error)).isEqualTo("NOT_ENROLLED");
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(unknown)).isEqualTo("LESSON_NOT_FOUND");
    }

    // --- bad input ---

    @Test
    void rejectsMalformedRequestsWithoutWritingAnything() {
        Person ada = student();

        StatusRuntimeException enroll = failure(() -> client.as(ada).enroll(EnrollRequest.newBuilder()
                .setSectionId("section 101").build()));
        StatusRuntimeException roster = failure(() -> client.as(ada).listRoster(ListRosterRequest.newBuilder()
                .setSectionId(sectionId("101")).setPageSize(-1).build()));

        assertThat(enroll.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(violatedFields(enroll)).containsExactly("section_id");
        assertThat(violatedFields(roster)).containsExactly("page_size");
        assertThat(client.as(ada).listMyEnrollments(ListMyEnrollmentsRequest.newBuilder().setIncludeDropped(true)
                .build()).getEnrollmentsList()).isEmpty();
    }
}
