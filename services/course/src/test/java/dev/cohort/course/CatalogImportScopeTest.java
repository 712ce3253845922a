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
import static dev.cohort.course.CourseClient.student;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.common.v1.AccessProto;
import dev.cohort.common.v1.Role;
import dev.cohort.course.CourseClient.Person;
import dev.cohort.course.v1.CompleteLessonRequest;
import dev.cohort.course.v1.CourseServiceGrpc;
import dev.cohort.course.v1.GetCourseRequest;
import dev.cohort.course.v1.GetProgressRequest;
import dev.cohort.course.v1.GetProgressResponse;
import dev.cohort.course.v1.ImportCatalogRequest;
import dev.cohort.course.v1.ImportCatalogResponse;
import dev.cohort.course.v1.ImportError;
import dev.cohort.course.v1.Lesson;
import dev.cohort.course.v1.ListRosterRequest;
import dev.cohort.course.v1.Section;
import dev.cohort.course.v1.TermState;
import io.grpc.Status;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Who may import what (defect 7): admins import the catalog; an instructor adjusts only the sections they teach
 * (schedule, group size), never who teaches, capacity, terms, courses or modules; and no import deletes students'
 * completions.
 */
class CatalogImportScopeTest extends CourseServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        CourseTestSupport.register(registry, CatalogImportScopeTest.class, false);
    }

    @Autowired
    JdbcTemplate database;

    final Person teacher = instructor();
    final String courseCode = uniqueCourseCode();
    final String termCode = uniqueTermCode();

    @BeforeAll
    void catalog() {
        ImportCatalogResponse answer = client.importCatalog(admin(), List.of(term(termCode, TermState.TERM_STATE_OPEN),
                course(courseCode, "Scoped Imports"),
                section(courseCode, termCode, "101", 30, teacher.userId()),
                section(courseCode, termCode, "102", 30, UUID.randomUUID().toString()),
                section(courseCode, termCode, "103", 30)));
        assertThat(answer.getErrorsList()).isEmpty();
    }

    @Test
    void theImportPolicyInTheContractAdmitsAdminsAndInstructors() {
        var method = (ProtoMethodDescriptorSupplier) CourseServiceGrpc.getImportCatalogMethod().getSchemaDescriptor();
        var policy = method.getMethodDescriptor().getOptions().getExtension(AccessProto.access);
        assertThat(policy.getPublic()).isFalse();
        assertThat(policy.getRolesList()).containsExactlyInAnyOrder(Role.ROLE_ADMIN, Role.ROLE_INSTRUCTOR);
        assertThat(failure(() -> client.importCatalog(student(), List.of(term(uniqueTermCode(),
                TermState.TERM_STATE_OPEN)))).getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void anInstructorAdjustsTheScheduleAndGroupSizeOfASectionTheyTeach() {
        ImportCatalogRequest adjusted = section(courseCode, termCode, "101", 30, teacher.userId());
        adjusted = adjusted.toBuilder().setSection(adjusted.getSection().toBuilder()
                .setSchedule("Mon 14:00-16:00, room 2").setMaxGroupSize(6)).build();

        ImportCatalogResponse answer = client.importCatalog(teacher, List.of(adjusted));

        assertThat(answer.getErrorsList()).isEmpty();
        assertThat(answer.getUpdatedCount()).isEqualTo(1);
        Section section = client.section(courseCode, termCode, "101");
        assertThat(section.getSchedule()).isEqualTo("Mon 14:00-16:00, room 2");
        assertThat(section.getMaxGroupSize()).isEqualTo(6);
    }

    @Test
    void anInstructorCannotImportASectionTheyDoNotTeach() {
        Section before = client.section(courseCode, termCode, "102");
        ImportCatalogRequest rescheduled = section(courseCode, termCode, "102", 30, before.getInstructorUserId());
        rescheduled = rescheduled.toBuilder().setSection(rescheduled.getSection().toBuilder()
                .setSchedule("Sat 07:00-08:00")).build();

        ImportCatalogResponse answer = client.importCatalog(teacher, List.of(rescheduled,
                section(courseCode, termCode, "104", 30, teacher.userId())));

        assertThat(answer.getFailedCount()).isEqualTo(2);
        assertThat(answer.getErrorsList()).extracting(ImportError::getIndex, ImportError::getReason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "NOT_PERMITTED"),
                        org.assertj.core.groups.Tuple.tuple(1, "NOT_PERMITTED"));
        assertThat(client.section(courseCode, termCode, "102")).isEqualTo(before);
        assertThat(sectionCodes()).doesNotContain("104");
    }

    @Test
    void anInstructorCannotMakeThemselvesInstructorNorReadTheRosterThatWay() {
        Section unassigned = client.section(courseCode, termCode, "103");
        Section taughtByOther = client.section(courseCode, termCode, "102");

        ImportCatalogResponse answer = client.importCatalog(teacher, List.of(
                section(courseCode, termCode, "103", 30, teacher.userId()),
                section(courseCode, termCode, "102", 30, teacher.userId())));

        assertThat(answer.getFailedCount()).isEqualTo(2);
        assertThat(answer.getErrorsList()).extracting(ImportError::getReason).containsOnly("NOT_PERMITTED");
        assertThat(client.section(courseCode, termCode, "103")).isEqualTo(unassigned);
        assertThat(client.section(courseCode, termCode, "102")).isEqualTo(taughtByOther);
        assertThat(failure(() -> client.as(teacher).listRoster(ListRosterRequest.newBuilder()
                .setSectionId(taughtByOther.getSectionId()).build())).getStatus().getCode())
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void anInstructorCannotHandTheirSectionToSomeoneElseNorChangeItsCapacity() {
        Section before = client.section(courseCode, termCode, "101");

        ImportCatalogResponse answer = client.importCatalog(teacher, List.of(
                section(courseCode, termCode, "101", 500, before.getInstructorUserId()),
                section(courseCode, termCode, "101", before.getCapacity(), UUID.randomUUID().toString())));

        assertThat(answer.getFailedCount()).isEqualTo(2);
        assertThat(answer.getErrorsList()).extracting(ImportError::getIndex, ImportError::getField)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "section.capacity"),
                        org.assertj.core.groups.Tuple.tuple(1, "section.instructor_user_id"));
        assertThat(client.section(courseCode, termCode, "101").getCapacity()).isEqualTo(before.getCapacity());
        assertThat(client.section(courseCode, termCode, "101").getInstructorUserId()).isEqualTo(teacher.userId());
    }

    @Test
    void anInstructorCannotImportTermsCoursesOrModules() {
        String otherTerm = uniqueTermCode();
        ImportCatalogResponse answer = client.importCatalog(teacher, List.of(
                term(termCode, TermState.TERM_STATE_CLOSED), term(otherTerm, TermState.TERM_STATE_OPEN),
                course(courseCode, "Renamed by an instructor"), module(courseCode, 1, "Cut", "Only one")));

        assertThat(answer.getFailedCount()).isEqualTo(4);
        assertThat(answer.getErrorsList()).extracting(ImportError::getReason).containsOnly("NOT_PERMITTED");
        assertThat(client.section(courseCode, termCode, "101").getTermCode()).isEqualTo(termCode);
        assertThat(client.as(student()).listTerms(dev.cohort.course.v1.ListTermsRequest.getDefaultInstance())
                .getTermsList()).anySatisfy(term -> {
                    assertThat(term.getCode()).isEqualTo(termCode);
                    assertThat(term.getState()).isEqualTo(TermState.TERM_STATE_OPEN);
                }).noneSatisfy(term -> assertThat(term.getCode()).isEqualTo(otherTerm));
        assertThat(client.as(student()).getCourse(GetCourseRequest.newBuilder()
                .setCourseId(client.courseId(courseCode)).build()).getCourse().getTitle()).isEqualTo("Scoped Imports");
    }

    @Test
    void anAdminImportThatCutsLessonsKeepsTheStudentsCompletions() {
        String code = uniqueCourseCode();
        String openTerm = uniqueTermCode();
        client.importCatalog(admin(), List.of(term(openTerm, TermState.TERM_STATE_OPEN),
                course(code, "Shrinking Course"), section(code, openTerm, "101", 30),
                module(code, 1, "Basics", "One", "Two", "Three")));
        Person ada = student();
        client.enroll(ada, client.section(code, openTerm, "101").getSectionId());
        List<String> lessonIds = lessons(code).stream().map(Lesson::getLessonId).toList();
        lessonIds.forEach(lessonId -> client.as(ada).completeLesson(CompleteLessonRequest.newBuilder()
                .setLessonId(lessonId).build()));

        ImportCatalogResponse cut = client.importCatalog(admin(), List.of(module(code, 1, "Basics", "One")));

        assertThat(cut.getUpdatedCount()).isEqualTo(1);
        assertThat(lessons(code)).extracting(Lesson::getLessonId).containsExactly(lessonIds.get(0));
        GetProgressResponse shrunk = progress(ada, code);
        assertThat(shrunk.getCompletedLessonCount()).isEqualTo(1);
        assertThat(shrunk.getLessonCount()).isEqualTo(1);
        assertThat(failure(() -> client.as(ada).completeLesson(CompleteLessonRequest.newBuilder()
                .setLessonId(lessonIds.get(2)).build())).getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(database.queryForList("select lesson_id from lesson_completions where user_id = ?::uuid",
                String.class, ada.userId())).as("completion records after the cut")
                .containsExactlyInAnyOrderElementsOf(lessonIds);

        client.importCatalog(admin(), List.of(module(code, 1, "Basics", "One", "Two (back)", "Three", "Four")));

        assertThat(lessons(code)).extracting(Lesson::getLessonId).startsWith(lessonIds.toArray(String[]::new))
                .hasSize(4);
        GetProgressResponse restored = progress(ada, code);
        assertThat(restored.getCompletedLessonCount()).isEqualTo(3);
        assertThat(restored.getLessonCount()).isEqualTo(4);
    }

    private List<Lesson> lessons(String code) {
        return client.as(student()).getCourse(GetCourseRequest.newBuilder().setCourseId(client.courseId(code))
                .build()).getModulesList().stream().flatMap(module -> module.getLessonsList().stream()).toList();
    }

    private GetProgressResponse progress(Person person, String code) {
        return client.as(person).getProgress(GetProgressRequest.newBuilder().setCourseId(client.courseId(code))
                .build());
    }

    private List<String> sectionCodes() {
        return client.as(student()).listSections(dev.cohort.course.v1.ListSectionsRequest.newBuilder()
                .setCourseId(client.courseId(courseCode)).setPageSize(100).build())
                .getSectionsList().stream().map(Section::getSectionCode).toList();
    }
}
