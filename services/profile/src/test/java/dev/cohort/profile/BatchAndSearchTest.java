package dev.cohort.profile;

import static dev.cohort.profile.ProfileClient.detail;
import static dev.cohort.profile.ProfileClient.failure;
import static dev.cohort.profile.ProfileClient.reason;
import static dev.cohort.profile.v1.ProfileVisibility.PROFILE_VISIBILITY_EVERYONE;
import static dev.cohort.profile.v1.ProfileVisibility.PROFILE_VISIBILITY_NOBODY;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import dev.cohort.profile.app.Classmates;
import dev.cohort.profile.domain.ContextKind;
import dev.cohort.profile.v1.BatchGetProfilesRequest;
import dev.cohort.profile.v1.Profile;
import dev.cohort.profile.v1.SearchPeopleResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * BatchGetProfiles (100 ids, one database query, the absent and the hidden simply missing) and SearchPeople (word
 * prefixes of names and programs, misspelled words corrected to known ones, classmates first, privacy and blocks
 * honoured, paged) through a real gRPC client on real PostgreSQL.
 */
@SpringBootTest(classes = ProfileApplication.class, properties = "spring.config.name=" + ProfileApplication.CONFIG_NAME)
@Import(ProfileTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchAndSearchTest extends ProfileServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ProfileTestSupport.register(registry, BatchAndSearchTest.class, false);
    }

    @Autowired
    ProfileTestSupport.StatementCount statements;


    @Test
    void aBatchOfAHundredIdsIsOneQueryAndLeavesOutTheAbsentAndTheHidden() {
        UUID viewer = people.register("Batch Viewer");
        UUID section = people.shareSection(viewer);
        List<UUID> visible = new ArrayList<>();
        List<UUID> asked = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            UUID classmate = people.register("Classmate " + i);
            classmates.joined(ContextKind.SECTION, section, classmate);
            visible.add(classmate);
        }
        for (int i = 0; i < 5; i++) {
            UUID open = people.register("Open Stranger " + i);
            client.visibility(open, PROFILE_VISIBILITY_EVERYONE);
            visible.add(open);
        }
        asked.addAll(visible);
        for (int i = 0; i < 10; i++) {
            asked.add(people.register("Hidden Stranger " + i));
        }
        for (int i = 0; i < 5; i++) {
            UUID private_ = people.register("Private Classmate " + i);
            classmates.joined(ContextKind.SECTION, section, private_);
            client.visibility(private_, PROFILE_VISIBILITY_NOBODY);
            asked.add(private_);
        }
        UUID blocker = people.register("Blocking Classmate");
        classmates.joined(ContextKind.SECTION, section, blocker);
        client.block(blocker, viewer);
        asked.add(blocker);
        while (asked.size() < 100) {
            asked.add(UUID.randomUUID());
        }
        Collections.shuffle(asked, new Random(7));
        List<String> expected = asked.stream().filter(visible::contains).map(UUID::toString).toList();

        statements.reset();
        List<String> answered = client.batch(viewer, asked);
        int queries = statements.get();

        assertThat(answered).as("the visible ones, in the order asked for").containsExactlyElementsOf(expected);
        assertThat(queries).as("statements prepared for a batch of 100").isEqualTo(1);
    }

    @Test
    void aBatchAnswersARepeatedIdOnceAndRefusesMalformedRequestsByField() {
        UUID viewer = people.register("Repeat Viewer");
        UUID classmate = people.register("Repeat Classmate");
        people.shareSection(viewer, classmate);

        assertThat(client.batch(viewer, List.of(classmate, viewer, classmate))).containsExactly(classmate.toString(),
                viewer.toString());
        assertBadRequest(failure(() -> client.batch(viewer, Collections.nCopies(101, classmate))), "user_ids");
        assertBadRequest(failure(() -> client.batch(viewer, List.of())), "user_ids");
        assertBadRequest(failure(() -> client.as(viewer).batchGetProfiles(BatchGetProfilesRequest.newBuilder()
                .addUserIds(classmate.toString()).addUserIds("not-a-uuid").build())), "user_ids[1]");
    }

    @Test
    void findsPeopleByWordPrefixesOfNamesAndProgramsAndDespiteTypos() {
        String surname = People.unique("Vandermolen");
        String program = People.unique("Oceanography");
        UUID viewer = people.register("Search Viewer");
        UUID wilhelmina = people.register("Wilhelmina " + surname);
        UUID bartholomew = people.register("Bartholomew " + surname);
        UUID student = people.register("Plain Student");
        for (UUID person : List.of(wilhelmina, bartholomew, student)) {
            client.visibility(person, PROFILE_VISIBILITY_EVERYONE);
        }
        client.update(student, Profile.newBuilder().setProgram("Marine " + program).build(), "program");

        assertThat(client.found(viewer, surname.substring(0, 5)))
                .as("the first letters of a word of the name")
                .containsExactlyInAnyOrder(wilhelmina.toString(), bartholomew.toString());
        assertThat(client.found(viewer, "wilh " + surname.substring(0, 6)).get(0))
                .as("every typed word a prefix: the best match first").isEqualTo(wilhelmina.toString());
        assertThat(client.found(viewer, surname.toUpperCase())).as("ignoring case")
                .containsExactlyInAnyOrder(wilhelmina.toString(), bartholomew.toString());
        // "Vandermolen…" typed "Vandarmolen…" and "Vnadermolen…": words nobody's name starts with, corrected to
        // the known words most alike them (ADR 0070).
        String changedLetter = surname.substring(0, 4) + "a" + surname.substring(5);
        assertThat(client.found(viewer, "Wilhelmina " + changedLetter)).as("a changed letter in the surname")
                .containsExactly(wilhelmina.toString());
        String swappedLetters = surname.charAt(0) + surname.substring(2, 3) + surname.substring(1, 2)
                + surname.substring(3);
        assertThat(client.found(viewer, swappedLetters)).as("two letters of the surname swapped")
                .containsExactlyInAnyOrder(wilhelmina.toString(), bartholomew.toString());
        assertThat(client.found(viewer, program.substring(0, 7))).as("a word of the program")
                .containsExactly(student.toString());
        assertThat(client.found(viewer, "%_*:&!")).as("nothing searchable typed").isEmpty();
    }

    @Test
    void classmatesComeFirstAndOnlyProfilesTheCallerMaySeeAreFound() {
        String surname = People.unique("Hollingsworth");
        UUID viewer = people.register("First Viewer " + surname);
        UUID strongMatch = people.register(surname + " Exactly");
        UUID classmate = people.register("Zed " + surname);
        UUID hiddenStranger = people.register("Hidden " + surname);
        UUID nobody = people.register("Nobody " + surname);
        UUID blocked = people.register("Blocked " + surname);
        client.visibility(strongMatch, PROFILE_VISIBILITY_EVERYONE);
        client.visibility(blocked, PROFILE_VISIBILITY_EVERYONE);
        people.shareConversation(viewer, classmate, nobody);
        client.visibility(nobody, PROFILE_VISIBILITY_NOBODY);
        client.block(viewer, blocked);

        List<Profile> found = client.search(viewer, surname, 10, "").getProfilesList();

        assertThat(found).extracting(Profile::getUserId)
                .as("the classmate, then the others the viewer may see; never the viewer")
                .containsExactly(classmate.toString(), strongMatch.toString());
        assertThat(found.get(0).getRelationship().getClassmate()).isTrue();
        assertThat(client.found(hiddenStranger, surname)).as("a stranger finds only open profiles; blocks are personal")
                .containsExactlyInAnyOrder(strongMatch.toString(), blocked.toString());
    }

    @Test
    void pagingWalksEveryMatchOnceClassmatesFirst() {
        String surname = People.unique("Pemberton");
        UUID viewer = people.register("Paging Viewer");
        UUID section = people.shareSection(viewer);
        List<String> classmatesFound = new ArrayList<>();
        List<String> everyone = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            UUID person = people.register(People.unique("Person") + " " + surname);
            if (i % 3 == 0) {
                classmates.joined(ContextKind.SECTION, section, person);
                classmatesFound.add(person.toString());
            } else {
                client.visibility(person, PROFILE_VISIBILITY_EVERYONE);
            }
            everyone.add(person.toString());
        }

        List<String> walked = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            SearchPeopleResponse page = client.search(viewer, surname, 4, token);
            page.getProfilesList().forEach(profile -> walked.add(profile.getUserId()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());

        assertThat(walked).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(everyone);
        assertThat(walked.subList(0, classmatesFound.size())).containsExactlyInAnyOrderElementsOf(classmatesFound);
        assertThat(pages).isEqualTo(7);
    }

    private static void assertBadRequest(StatusRuntimeException error, String field) {
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(error)).isEqualTo("REQUEST_INVALID");
        assertThat(detail(error, BadRequest.class).getFieldViolationsList())
                .extracting(BadRequest.FieldViolation::getField).containsExactly(field);
    }
}
