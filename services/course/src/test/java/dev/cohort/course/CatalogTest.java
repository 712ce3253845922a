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
import dev.cohort.course.demo.DemoCatalogImporter;
import dev.cohort.course.v1.Course;
import dev.cohort.course.v1.GetCourseRequest;
import dev.cohort.course.v1.GetCourseResponse;
import dev.cohort.course.v1.GetSectionRequest;
import dev.cohort.course.v1.ImportCatalogRequest;
import dev.cohort.course.v1.ImportCatalogResponse;
import dev.cohort.course.v1.ImportError;
import dev.cohort.course.v1.Lesson;
import dev.cohort.course.v1.ListSectionsRequest;
import dev.cohort.course.v1.ListSectionsResponse;
import dev.cohort.course.v1.ListTermsRequest;
import dev.cohort.course.v1.Module;
import dev.cohort.course.v1.SearchCoursesRequest;
import dev.cohort.course.v1.SearchCoursesResponse;
import dev.cohort.course.v1.Section;
import dev.cohort.course.v1.Term;
import dev.cohort.course.v1.TermState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The catalog on the demo data: import, reading, search and paging. */
class CatalogTest extends CourseServiceTest {

    static final int DEMO_RECORDS = DemoCatalogImporter.records().size();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        CourseTestSupport.register(registry, CatalogTest.class, false);
    }

    ImportCatalogResponse firstDemoImport;

    @BeforeAll
    void importDemoCatalog() {
        firstDemoImport = DemoCatalogImporter.importInto(client.channel(), admin().token());
    }

    // --- import ---

    @Test
    void importsTheDemoCatalogThroughTheStreamWithoutErrors() {
        assertThat(firstDemoImport.getErrorsList()).isEmpty();
        assertThat(firstDemoImport.getRecordCount()).isEqualTo(DEMO_RECORDS).isGreaterThan(1000);
        assertThat(firstDemoImport.getCreatedCount()).isEqualTo(DEMO_RECORDS);
        SearchCoursesResponse all = client.as(student()).searchCourses(SearchCoursesRequest.newBuilder()
                .setPageSize(100).build());
        assertThat(all.getCoursesList()).hasSize(100);
        assertThat(client.as(student()).listTerms(ListTermsRequest.getDefaultInstance()).getTermsCount()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void reimportingTheSameCatalogChangesNothing() {
        ImportCatalogResponse again = DemoCatalogImporter.importInto(client.channel(), admin().token());

        assertThat(again.getRecordCount()).isEqualTo(DEMO_RECORDS);
        assertThat(again.getUnchangedCount()).isEqualTo(DEMO_RECORDS);
        assertThat(again.getCreatedCount()).isZero();
        assertThat(again.getUpdatedCount()).isZero();
        assertThat(again.getFailedCount()).isZero();
    }

    @Test
    void importReportsEachBadRecordAndAppliesTheRest() {
        String good = uniqueCourseCode();
        String unknown = uniqueCourseCode();
        String termCode = uniqueTermCode();
        ImportCatalogRequest invertedTerm = term(termCode, TermState.TERM_STATE_OPEN);
        invertedTerm = invertedTerm.toBuilder().setTerm(invertedTerm.getTerm().toBuilder()
                .setEndDate(com.google.type.Date.newBuilder().setYear(2026).setMonth(1).setDay(1))).build();

        ImportCatalogResponse answer = client.importCatalog(admin(), List.of(
                course(good, "Well Formed Course"),
                course("cs101", "Lower-case code"),
                section(unknown, "2026W2", "101", 30),
                invertedTerm,
                ImportCatalogRequest.getDefaultInstance(),
                module(good, 1, "Only module", "First lesson", "Second lesson")));

        assertThat(answer.getRecordCount()).isEqualTo(6);
        assertThat(answer.getCreatedCount()).isEqualTo(2);
        assertThat(answer.getFailedCount()).isEqualTo(4);
        assertThat(answer.getErrorsList()).extracting(ImportError::getIndex, ImportError::getReason, ImportError::getField)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(1, "RECORD_INVALID", "course.code"),
                        org.assertj.core.groups.Tuple.tuple(2, "UNKNOWN_COURSE", "section.course_code"),
                        org.assertj.core.groups.Tuple.tuple(3, "TERM_DATES_INVERTED", "term.end_date"),
                        org.assertj.core.groups.Tuple.tuple(4, "RECORD_MISSING", "record"));
        GetCourseResponse imported = client.as(student()).getCourse(GetCourseRequest.newBuilder()
                .setCourseId(client.courseId(good)).build());
        assertThat(imported.getModulesList()).singleElement()
                .satisfies(module -> assertThat(module.getLessonsCount()).isEqualTo(2));
    }

    @Test
    void importReportsARecordWithAControlCharacterAsThatRecordsErrorAndAppliesTheOthers() {
        String before = uniqueCourseCode();
        String bad = uniqueCourseCode();
        String after = uniqueCourseCode();

        ImportCatalogResponse answer = client.importCatalog(admin(), List.of(
                course(before, "Well Formed Course"),
                course(bad, "Bell\u0007 Course"),
                course(after, "Also Well Formed")));

        assertThat(answer.getRecordCount()).isEqualTo(3);
        assertThat(answer.getCreatedCount()).isEqualTo(2);
        assertThat(answer.getFailedCount()).isEqualTo(1);
        // course() writes the title into the description too: each field is its own error of that one record.
        assertThat(answer.getErrorsList()).extracting(ImportError::getIndex, ImportError::getReason, ImportError::getField)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(1, "RECORD_INVALID", "course.title"),
                        org.assertj.core.groups.Tuple.tuple(1, "RECORD_INVALID", "course.description"));
        assertThat(answer.getErrorsList()).filteredOn(error -> error.getField().equals("course.title")).singleElement()
                .satisfies(error -> assertThat(error.getDescription()).contains("control characters")
                        .contains("U+0007").contains("at character 4"));
        assertThat(client.courseId(before)).isNotBlank();
        assertThat(client.courseId(after)).isNotBlank();
        assertThat(client.as(student()).searchCourses(dev.cohort.course.v1.SearchCoursesRequest.newBuilder()
                .setQ(bad).build()).getCoursesList()).noneMatch(course -> course.getCode().equals(bad));
    }

    @Test
    void reimportingChangedRecordsUpdatesThemInPlaceAndKeepsTheirIds() {
        String code = uniqueCourseCode();
        String termCode = uniqueTermCode();
        client.importCatalog(admin(), List.of(term(termCode, TermState.TERM_STATE_OPEN),
                course(code, "Original Title"), section(code, termCode, "101", 30),
                module(code, 1, "Basics", "One", "Two", "Three")));
        Section before = client.section(code, termCode, "101");
        List<String> lessonIdsBefore = lessonIds(client.courseId(code));

        ImportCatalogResponse answer = client.importCatalog(admin(), List.of(term(termCode, TermState.TERM_STATE_OPEN),
                course(code, "Revised Title"), section(code, termCode, "101", 45),
                module(code, 1, "Basics", "One", "Two (revised)")));

        assertThat(answer.getUnchangedCount()).isEqualTo(1);
        assertThat(answer.getUpdatedCount()).isEqualTo(3);
        Section after = client.section(code, termCode, "101");
        assertThat(after.getSectionId()).isEqualTo(before.getSectionId());
        assertThat(after.getCapacity()).isEqualTo(45);
        GetCourseResponse course = client.as(student()).getCourse(GetCourseRequest.newBuilder()
                .setCourseId(client.courseId(code)).build());
        assertThat(course.getCourse().getTitle()).isEqualTo("Revised Title");
        assertThat(course.getModules(0).getLessonsList()).extracting(Lesson::getTitle)
                .containsExactly("One", "Two (revised)");
        assertThat(lessonIds(course.getCourse().getCourseId())).containsExactlyElementsOf(lessonIdsBefore.subList(0, 2));
    }

    @Test
    void studentCannotImportTheCatalog() {
        StatusRuntimeException error = failure(() -> client.importCatalog(student(),
                List.of(course(uniqueCourseCode(), "Sneaky"))));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void rejectsAnImportLargerThanTheLimit() {
        List<ImportCatalogRequest> tooMany = Collections.nCopies(100_001, ImportCatalogRequest.getDefaultInstance());

        StatusRuntimeException error = failure(() -> client.importCatalog(admin(), tooMany));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(reason(error)).isEqualTo("IMPORT_TOO_LARGE");
    }

    // --- reading ---

    @Test
    void listsTermsLatestFirst() {
        List<Term> terms = client.as(student()).listTerms(ListTermsRequest.getDefaultInstance()).getTermsList();

        assertThat(terms).extracting(Term::getCode).containsSubsequence("2027S", "2026W2", "2026W1", "2026S");
        assertThat(terms).filteredOn(term -> term.getCode().equals("2026W2")).singleElement()
                .satisfies(term -> {
                    assertThat(term.getState()).isEqualTo(TermState.TERM_STATE_OPEN);
                    assertThat(term.getStartDate().getYear()).isEqualTo(2027);
                });
    }

    @Test
    void getCourseReturnsItsModulesAndLessonsInOrder() {
        GetCourseResponse course = client.as(student()).getCourse(GetCourseRequest.newBuilder()
                .setCourseId(client.courseId("CPSC 310")).build());

        assertThat(course.getCourse().getTitle()).isEqualTo("Introduction to Software Engineering");
        assertThat(course.getCourse().getDepartment()).isEqualTo("CPSC");
        assertThat(course.getCourse().getDepartmentName()).isEqualTo("Computer Science");
        assertThat(course.getModulesList()).extracting(Module::getPosition).containsExactly(1, 2, 3, 4);
        assertThat(course.getModules(0).getLessonsList()).extracting(Lesson::getPosition)
                .startsWith(1, 2, 3);
    }

    @Test
    void getCourseOfACourseWithoutModulesAnswersItAlone() {
        String code = uniqueCourseCode();
        client.importCatalog(admin(), List.of(course(code, "Reading Week")));

        GetCourseResponse course = client.as(student()).getCourse(GetCourseRequest.newBuilder()
                .setCourseId(client.courseId(code)).build());

        assertThat(course.getCourse().getCode()).isEqualTo(code);
        assertThat(course.getCourse().getTitle()).isEqualTo("Reading Week");
        assertThat(course.getModulesList()).isEmpty();
    }

    @Test
    void getCourseKeepsEachLessonInItsOwnModule() {
        String code = uniqueCourseCode();
        client.importCatalog(admin(), List.of(course(code, "Two Modules"),
                module(code, 1, "First", "A", "B"), module(code, 2, "Second", "C")));

        GetCourseResponse course = client.as(student()).getCourse(GetCourseRequest.newBuilder()
                .setCourseId(client.courseId(code)).build());

        assertThat(course.getModulesList()).extracting(Module::getTitle).containsExactly("First", "Second");
        assertThat(course.getModules(0).getLessonsList()).extracting(Lesson::getTitle).containsExactly("A", "B");
        assertThat(course.getModules(1).getLessonsList()).extracting(Lesson::getTitle).containsExactly("C");
        assertThat(course.getModules(1).getLessons(0).getModuleId()).isEqualTo(course.getModules(1).getModuleId());
    }

    @Test
    void unknownCourseAndSectionAreNotFound() {
        String nobody = UUID.randomUUID().toString();

        StatusRuntimeException course = failure(() -> client.as(student())
                .getCourse(GetCourseRequest.newBuilder().setCourseId(nobody).build()));
        StatusRuntimeException section = failure(() -> client.as(student())
                .getSection(GetSectionRequest.newBuilder().setSectionId(nobody).build()));

        assertThat(course.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(course)).isEqualTo("COURSE_NOT_FOUND");
        assertThat(section.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(section)).isEqualTo("SECTION_NOT_FOUND");
    }

    @Test
    void getSectionReturnsItsOfferingAndSeats() {
        Section listed = client.as(student()).listSections(ListSectionsRequest.newBuilder()
                .setCourseId(client.courseId("CPSC 310")).build()).getSections(0);

        Section section = client.as(student()).getSection(GetSectionRequest.newBuilder()
                .setSectionId(listed.getSectionId()).build()).getSection();

        assertThat(section).isEqualTo(listed);
        assertThat(section.getCourseId()).isEqualTo(client.courseId("CPSC 310"));
        assertThat(section.getCourseCode()).isEqualTo("CPSC 310");
        assertThat(section.getTermId()).isNotEmpty();
        assertThat(section.getCapacity()).isPositive();
        assertThat(section.getMaxGroupSize()).isBetween(2, 50);
        assertThat(section.getEnrolledCount()).isZero();
    }

    @Test
    void listsSectionsByTermStartPageByPage() {
        String code = uniqueCourseCode();
        String early = uniqueTermCode();
        String late = uniqueTermCode();
        ImportCatalogRequest lateTerm = term(late, TermState.TERM_STATE_OPEN);
        lateTerm = lateTerm.toBuilder().setTerm(lateTerm.getTerm().toBuilder()
                .setStartDate(com.google.type.Date.newBuilder().setYear(2028).setMonth(1).setDay(5))
                .setEndDate(com.google.type.Date.newBuilder().setYear(2028).setMonth(4).setDay(20))).build();
        client.importCatalog(admin(), List.of(term(early, TermState.TERM_STATE_OPEN), lateTerm,
                course(code, "Many Sections"),
                section(code, late, "101", 10), section(code, early, "103", 10), section(code, early, "101", 10),
                section(code, late, "102", 10), section(code, early, "102", 10)));
        String courseId = client.courseId(code);

        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        Person reader = student(); // page tokens are bound to their caller
        do {
            ListSectionsResponse page = client.as(reader).listSections(ListSectionsRequest.newBuilder()
                    .setCourseId(courseId).setPageSize(2).setPageToken(token).build());
            page.getSectionsList().forEach(s -> seen.add(s.getTermCode() + "/" + s.getSectionCode()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly(early + "/101", early + "/102", early + "/103", late + "/101", late + "/102");
        String lateTermId = client.section(code, late, "101").getTermId();
        assertThat(client.as(student()).listSections(ListSectionsRequest.newBuilder().setCourseId(courseId)
                .setTermId(lateTermId).build()).getSectionsList()).extracting(Section::getSectionCode)
                .containsExactly("101", "102");
    }

    // --- search ---

    @ParameterizedTest(name = "\"{0}\" finds {1} first")
    @CsvSource({
            "cpsc310, CPSC 310",
            "CPSC 310, CPSC 310",
            "cpsc 310, CPSC 310",
            "intro algorithms, CPSC 221",
            "machine learning, CPSC 340",
            "organic chemistry biological, CHEM 233",
            "french revolution, HIST 320",
            "linear programming, MATH 340",
            "bayesian, STAT 447",
            "shakespeare, ENGL 220",
            "distributed sytems, CPSC 416",
    })
    void searchFindsWhatAPersonMeans(String query, String expectedFirst) {
        List<Course> results = search(query);

        assertThat(results).isNotEmpty();
        assertThat(results.get(0).getCode()).as("top result for \"%s\" of %s", query, codes(results))
                .isEqualTo(expectedFirst);
    }

    @Test
    void searchToleratesTyposAndPartialCodes() {
        assertThat(codes(search("psycology")).subList(0, 3)).allMatch(code -> code.startsWith("PSYC"));
        // Every STAT 3xx course (there are 7) ranks above anything that merely mentions statistics.
        assertThat(codes(search("stat 3")).subList(0, 7)).allMatch(code -> code.startsWith("STAT 3"));
        assertThat(codes(search("calculus")).get(0)).startsWith("MATH");
    }

    @Test
    void searchFiltersByDepartmentTermAndOpenSeats() {
        String closedTermId = client.as(student()).listTerms(ListTermsRequest.getDefaultInstance()).getTermsList()
                .stream().filter(t -> t.getCode().equals("2026W1")).findFirst().orElseThrow().getTermId();

        List<Course> statistics = client.as(student()).searchCourses(SearchCoursesRequest.newBuilder()
                .setQ("regression").setDepartment("STAT").build()).getCoursesList();
        List<Course> inClosedTerm = client.as(student()).searchCourses(SearchCoursesRequest.newBuilder()
                .setTermId(closedTermId).setPageSize(100).build()).getCoursesList();
        List<Course> openInClosedTerm = client.as(student()).searchCourses(SearchCoursesRequest.newBuilder()
                .setTermId(closedTermId).setHasOpenSeats(true).build()).getCoursesList();
        List<Course> open = client.as(student()).searchCourses(SearchCoursesRequest.newBuilder()
                .setQ("software").setHasOpenSeats(true).build()).getCoursesList();

        assertThat(statistics).isNotEmpty().allMatch(course -> course.getDepartment().equals("STAT"));
        assertThat(inClosedTerm).isNotEmpty().hasSizeLessThan(150);
        assertThat(openInClosedTerm).as("no seats can be taken in a closed term").isEmpty();
        assertThat(codes(open)).contains("CPSC 310");
    }

    @Test
    void searchPagesThroughEveryResultExactlyOnce() {
        Person reader = student(); // page tokens are bound to their caller
        List<String> all = new ArrayList<>();
        String token = "";
        do {
            SearchCoursesResponse page = client.as(reader).searchCourses(SearchCoursesRequest.newBuilder()
                    .setQ("introduction").setPageSize(3).setPageToken(token).build());
            page.getCoursesList().forEach(course -> all.add(course.getCode()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());

        List<String> onePage = codes(client.as(student()).searchCourses(SearchCoursesRequest.newBuilder()
                .setQ("introduction").setPageSize(100).build()).getCoursesList());
        assertThat(all).hasSizeGreaterThan(10).doesNotHaveDuplicates().containsExactlyElementsOf(onePage);

        List<String> catalog = new ArrayList<>();
        token = "";
        do {
            SearchCoursesResponse page = client.as(reader).searchCourses(SearchCoursesRequest.newBuilder()
                    .setDepartment("HIST").setPageSize(4).setPageToken(token).build());
            page.getCoursesList().forEach(course -> catalog.add(course.getCode()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(catalog).hasSize(15).isSorted();
    }

    @Test
    void rejectsAPageTokenOfAnotherQuery() {
        Person reader = student();
        String token = client.as(reader).searchCourses(SearchCoursesRequest.newBuilder()
                .setQ("introduction").setPageSize(2).build()).getNextPageToken();

        StatusRuntimeException otherQuery = failure(() -> client.as(reader).searchCourses(
                SearchCoursesRequest.newBuilder().setQ("history").setPageSize(2).setPageToken(token).build()));
        StatusRuntimeException garbage = failure(() -> client.as(student()).searchCourses(
                SearchCoursesRequest.newBuilder().setPageToken("not a token!").build()));

        assertThat(otherQuery.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(otherQuery)).isEqualTo("INVALID_PAGE_TOKEN");
        assertThat(reason(garbage)).isEqualTo("INVALID_PAGE_TOKEN");
    }

    @Test
    void rejectsMalformedRequestsWithEveryFieldViolation() {
        StatusRuntimeException badId = failure(() -> client.as(student())
                .getCourse(GetCourseRequest.newBuilder().setCourseId("not-a-uuid").build()));
        StatusRuntimeException badSearch = failure(() -> client.as(student()).searchCourses(SearchCoursesRequest
                .newBuilder().setDepartment("cpsc").setPageSize(1000).setTermId("x").build()));

        assertThat(badId.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(violatedFields(badId)).containsExactly("course_id");
        assertThat(violatedFields(badSearch)).containsExactlyInAnyOrder("department", "page_size", "term_id");
    }

    @Test
    void refusesCallersWithoutAToken() {
        StatusRuntimeException error = failure(() -> client.anonymous()
                .searchCourses(SearchCoursesRequest.newBuilder().setQ("cpsc").build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    private List<Course> search(String query) {
        return client.as(student()).searchCourses(SearchCoursesRequest.newBuilder().setQ(query).setPageSize(20)
                .build()).getCoursesList();
    }

    private List<String> lessonIds(String courseId) {
        return client.as(student()).getCourse(GetCourseRequest.newBuilder().setCourseId(courseId).build())
                .getModulesList().stream().flatMap(module -> module.getLessonsList().stream())
                .map(Lesson::getLessonId).toList();
    }

    private static List<String> codes(List<Course> courses) {
        return courses.stream().map(Course::getCode).toList();
    }
}
