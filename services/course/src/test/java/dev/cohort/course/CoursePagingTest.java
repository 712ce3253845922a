package dev.cohort.course;

import static dev.cohort.course.CatalogRecords.course;
import static dev.cohort.course.CatalogRecords.section;
import static dev.cohort.course.CatalogRecords.term;
import static dev.cohort.course.CatalogRecords.uniqueCourseCode;
import static dev.cohort.course.CatalogRecords.uniqueTermCode;
import static dev.cohort.course.CourseClient.admin;
import static dev.cohort.course.CourseClient.detail;
import static dev.cohort.course.CourseClient.failure;
import static dev.cohort.course.CourseClient.instructor;
import static dev.cohort.course.CourseClient.reason;
import static dev.cohort.course.CourseClient.student;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import dev.cohort.course.CourseClient.Person;
import dev.cohort.course.v1.EnrollRequest;
import dev.cohort.course.v1.ImportCatalogRequest;
import dev.cohort.course.v1.ListMyEnrollmentsRequest;
import dev.cohort.course.v1.ListRosterRequest;
import dev.cohort.course.v1.TermState;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.paging.PageTokenKey;
import dev.cohort.paging.TimeAndId;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Page tokens and caller ids through the real service, on the enrollment lists: only tokens course issued for this
 * list, its filters and this caller are accepted (anything else is INVALID_PAGE_TOKEN, never INTERNAL), and
 * paging walks every enrollment once. A validly signed token whose subject is not a user id is UNAUTHENTICATED.
 */
class CoursePagingTest extends CourseServiceTest {

    private static final int SECTIONS = 5;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        CourseTestSupport.register(registry, CoursePagingTest.class, false);
    }

    final String openTerm = uniqueTermCode();
    final String code = uniqueCourseCode();
    final Person teacher = instructor();
    final List<String> sectionIds = new ArrayList<>();

    @BeforeAll
    void importCatalog() {
        List<ImportCatalogRequest> records = new ArrayList<>(List.of(term(openTerm, TermState.TERM_STATE_OPEN),
                course(code, "Paging Practice")));
        for (int i = 1; i <= SECTIONS; i++) {
            records.add(section(code, openTerm, "20" + i, 100, teacher.userId()));
        }
        assertThat(client.importCatalog(admin(), records).getFailedCount()).isZero();
        for (int i = 1; i <= SECTIONS; i++) {
            sectionIds.add(client.section(code, openTerm, "20" + i).getSectionId());
        }
    }

    @Test
    void pagingWalksEveryEnrollmentExactlyOnce() {
        Person ada = student();
        sectionIds.forEach(sectionId -> client.enroll(ada, sectionId));
        List<Person> classmates = List.of(student(), student(), student(), student());
        classmates.forEach(classmate -> client.enroll(classmate, sectionIds.get(0)));

        List<String> mine = walk(token -> {
            var page = client.as(ada).listMyEnrollments(ListMyEnrollmentsRequest.newBuilder().setPageSize(2)
                    .setPageToken(token).build());
            return new Page(page.getEnrollmentsList().stream().map(e -> e.getEnrollment().getSectionId()).toList(),
                    page.getNextPageToken());
        });
        List<String> roster = walk(token -> {
            var page = client.as(teacher).listRoster(ListRosterRequest.newBuilder().setSectionId(sectionIds.get(0))
                    .setPageSize(2).setPageToken(token).build());
            return new Page(page.getEnrollmentsList().stream().map(e -> e.getUserId()).toList(),
                    page.getNextPageToken());
        });

        assertThat(mine).containsExactlyInAnyOrderElementsOf(sectionIds);
        assertThat(roster).contains(ada.userId()).containsAll(classmates.stream().map(Person::userId).toList())
                .doesNotHaveDuplicates();
    }

    @Test
    void refusesEveryPageTokenItDidNotIssueOnListMyEnrollments() {
        Person ada = student();
        Person bob = student();
        for (String sectionId : sectionIds.subList(0, 3)) {
            client.enroll(ada, sectionId);
            client.enroll(bob, sectionId);
        }
        String adas = myEnrollmentsToken(ada, false);
        Map<String, String> refused = forgeries(adas, PageQuery.of("course.my_enrollments",
                UUID.fromString(ada.userId())).with("include_dropped", false));
        refused.put("the old hash-code format, far in the future", oldHashCodeToken(ada.userId()));
        refused.put("another caller's valid token", myEnrollmentsToken(bob, false));
        refused.put("another filter's token", myEnrollmentsToken(ada, true));

        refused.forEach((kind, token) -> assertInvalidPageToken(kind, failure(() -> client.as(ada).listMyEnrollments(
                ListMyEnrollmentsRequest.newBuilder().setPageSize(1).setPageToken(token).build()))));
        assertThat(client.as(ada).listMyEnrollments(ListMyEnrollmentsRequest.newBuilder().setPageSize(1)
                .setPageToken(adas).build()).getEnrollmentsCount()).as("the issued token still works").isEqualTo(1);
    }

    @Test
    void refusesEveryPageTokenItDidNotIssueOnListRoster() {
        String sectionId = sectionIds.get(1);
        Person classmate = student();
        client.enroll(classmate, sectionId);
        client.enroll(student(), sectionId);
        client.enroll(student(), sectionId);
        String teachers = rosterToken(teacher, sectionId);
        Map<String, String> refused = forgeries(teachers, PageQuery.of("course.roster",
                UUID.fromString(teacher.userId())).with("section_id", UUID.fromString(sectionId)));
        refused.put("another caller's valid token", rosterToken(classmate, sectionId));
        client.enroll(student(), sectionIds.get(3));
        client.enroll(student(), sectionIds.get(3));
        refused.put("another section's token", rosterToken(teacher, sectionIds.get(3)));

        refused.forEach((kind, token) -> assertInvalidPageToken(kind, failure(() -> client.as(teacher).listRoster(
                ListRosterRequest.newBuilder().setSectionId(sectionId).setPageSize(1).setPageToken(token).build()))));
    }

    @Test
    void aSignedTokenWhoseSubjectIsNotAUserIdIsUnauthenticated() {
        Person notAUser = new Person("not-a-user-id", CourseTestSupport.TOKENS.token("not-a-user-id", "STUDENT"));

        StatusRuntimeException list = failure(() -> client.as(notAUser).listMyEnrollments(
                ListMyEnrollmentsRequest.getDefaultInstance()));
        StatusRuntimeException enroll = failure(() -> client.as(notAUser).enroll(EnrollRequest.newBuilder()
                .setSectionId(sectionIds.get(2)).build()));
        StatusRuntimeException roster = failure(() -> client.as(notAUser).listRoster(ListRosterRequest.newBuilder()
                .setSectionId(sectionIds.get(2)).build()));

        for (StatusRuntimeException error : List.of(list, enroll, roster)) {
            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(reason(error)).isEqualTo("INVALID_SUBJECT");
        }
    }

    private static void assertInvalidPageToken(String kind, StatusRuntimeException error) {
        assertThat(error.getStatus().getCode()).as(kind).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(error)).as(kind).isEqualTo("INVALID_PAGE_TOKEN");
        assertThat(detail(error, BadRequest.class).getFieldViolationsList()).as(kind)
                .extracting(BadRequest.FieldViolation::getField).containsExactly("page_token");
    }

    private record Page(List<String> ids, String nextPageToken) {
    }

    private static List<String> walk(Function<String, Page> list) {
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            Page page = list.apply(token);
            seen.addAll(page.ids());
            token = page.nextPageToken();
        } while (!token.isEmpty());
        assertThat(seen).doesNotHaveDuplicates();
        return seen;
    }

    private String myEnrollmentsToken(Person person, boolean includeDropped) {
        String token = client.as(person).listMyEnrollments(ListMyEnrollmentsRequest.newBuilder().setPageSize(1)
                .setIncludeDropped(includeDropped).build()).getNextPageToken();
        assertThat(token).isNotEmpty();
        return token;
    }

    private String rosterToken(Person person, String sectionId) {
        String token = client.as(person).listRoster(ListRosterRequest.newBuilder().setSectionId(sectionId)
                .setPageSize(1).build()).getNextPageToken();
        assertThat(token).isNotEmpty();
        return token;
    }

    /** Tokens that are not the issued {@code valid} one: garbage, altered, truncated, signed with another key. */
    private static Map<String, String> forgeries(String valid, PageQuery query) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String otherKey = new PageTokenCodec(PageTokenKey.fromBase64(Base64.getEncoder().encodeToString(key)),
                Clock.systemUTC(), Duration.ofHours(1))
                .encode(query, TimeAndId.FORMAT, new TimeAndId(Instant.now(), UUID.randomUUID()));
        int middle = valid.length() / 2;
        String altered = valid.substring(0, middle) + (valid.charAt(middle) == 'A' ? 'B' : 'A')
                + valid.substring(middle + 1);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("garbage", "bm90LWEtdG9rZW4");
        tokens.put("not base64", "not a token!");
        tokens.put("signed with another key", otherKey);
        tokens.put("altered", altered);
        tokens.put("truncated", valid.substring(0, valid.length() - 3));
        return tokens;
    }

    /** Course's tokens before the shared codec, "signed" with a Java hash code anyone can compute. */
    private static String oldHashCodeToken(String userId) {
        String fingerprint = Integer.toHexString(Arrays.deepHashCode(new Object[] {"mine", userId, false}));
        String plain = String.join("\u001f", "1", fingerprint, "+1000000000-01-01T00:00:00Z",
                UUID.randomUUID().toString());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
