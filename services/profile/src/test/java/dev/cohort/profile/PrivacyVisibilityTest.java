package dev.cohort.profile;

import static dev.cohort.profile.ProfileClient.failure;
import static dev.cohort.profile.v1.ProfileVisibility.PROFILE_VISIBILITY_EVERYONE;
import static dev.cohort.profile.v1.ProfileVisibility.PROFILE_VISIBILITY_NOBODY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.profile.app.Classmates;
import dev.cohort.profile.domain.ContextKind;
import dev.cohort.profile.v1.BatchGetProfilesRequest;
import dev.cohort.profile.v1.GetProfileRequest;
import dev.cohort.profile.v1.ListFollowersRequest;
import dev.cohort.profile.v1.PrivacySettings;
import dev.cohort.profile.v1.Profile;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Who sees a profile, from every angle: its owner always; classmates (a shared section, group or conversation)
 * and nobody else by default; everyone or nobody when its owner says so. A hidden profile answers exactly as a
 * missing one (the whole {@code google.rpc.Status}, but for the id it names), and is missing from batches, search
 * and other people's lists alike.
 */
@SpringBootTest(classes = ProfileApplication.class, properties = "spring.config.name=" + ProfileApplication.CONFIG_NAME)
@Import(ProfileTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyVisibilityTest extends ProfileServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ProfileTestSupport.register(registry, PrivacyVisibilityTest.class, false);
    }



    @Test
    void aClassmatesOnlyProfileIsHiddenFromNonClassmatesAndSeenByEachKindOfClassmate() {
        String name = People.unique("Quenby");
        UUID owner = people.register(name + " Marsh");
        UUID sectionmate = people.register("Section Mate");
        UUID groupmate = people.register("Group Mate");
        UUID chatmate = people.register("Chat Mate");
        UUID stranger = people.register("Total Stranger");
        UUID section = people.shareSection(owner, sectionmate);
        people.shareGroup(owner, groupmate);
        people.shareConversation(chatmate, owner);
        people.shareSection(stranger, sectionmate);

        for (UUID classmate : List.of(sectionmate, groupmate, chatmate)) {
            Profile seen = client.get(classmate, owner);
            assertThat(seen.getDisplayName()).isEqualTo(name + " Marsh");
            assertThat(seen.getRelationship().getClassmate()).isTrue();
            assertThat(seen.getEmail()).as("e-mail hidden by default").isEmpty();
            assertThat(client.batch(classmate, List.of(owner))).containsExactly(owner.toString());
            assertThat(client.found(classmate, name)).containsExactly(owner.toString());
        }
        assertHiddenFrom(stranger, owner, name);

        people.leave(ContextKind.SECTION, section, sectionmate);
        assertHiddenFrom(sectionmate, owner, name);
    }

    @Test
    void aProfileVisibleToNobodyIsHiddenFromEveryoneButItsOwner() {
        String name = People.unique("Orlaith");
        UUID owner = people.register(name + " Vance");
        UUID classmate = people.register("Close Classmate");
        UUID stranger = people.register("Far Stranger");
        people.shareSection(owner, classmate);
        people.shareGroup(owner, classmate);
        client.visibility(owner, PROFILE_VISIBILITY_NOBODY);

        assertHiddenFrom(classmate, owner, name);
        assertHiddenFrom(stranger, owner, name);
        assertThat(client.get(owner, owner).getDisplayName()).as("the owner still sees it").isEqualTo(name + " Vance");
        assertThat(client.batch(owner, List.of(owner))).containsExactly(owner.toString());
    }

    @Test
    void aProfileVisibleToEveryoneIsSeenByStrangersWithTheEmailOnlyWhenShown() {
        String name = People.unique("Ptolemy");
        UUID owner = people.register(name + " Quist");
        UUID stranger = people.register("Any Stranger");
        client.visibility(owner, PROFILE_VISIBILITY_EVERYONE);

        Profile seen = client.get(stranger, owner);
        assertThat(seen.getRelationship().getClassmate()).isFalse();
        assertThat(seen.getEmail()).isEmpty();
        assertThat(client.found(stranger, name)).containsExactly(owner.toString());

        client.privacy(owner, PrivacySettings.newBuilder().setShowEmail(true).build(), "show_email");
        assertThat(client.get(stranger, owner).getEmail()).endsWith("@example.org");
    }

    @Test
    void anotherPersonsFollowerListsNeedTheirProfileAndShowOnlyVisibleFollowers() {
        UUID owner = people.register("Listed Owner");
        UUID visibleFan = people.register("Visible Fan");
        UUID hiddenFan = people.register("Hidden Fan");
        UUID viewer = people.register("List Viewer");
        UUID outsider = people.register("List Outsider");
        people.shareSection(owner, visibleFan, hiddenFan, viewer);
        client.visibility(visibleFan, PROFILE_VISIBILITY_EVERYONE);
        client.follow(visibleFan, owner);
        client.follow(hiddenFan, owner);
        client.visibility(hiddenFan, PROFILE_VISIBILITY_NOBODY);

        assertThat(followers(viewer, owner)).containsExactly(visibleFan.toString());
        assertThat(followers(owner, owner)).as("the owner's own list holds every follower")
                .containsExactlyInAnyOrder(visibleFan.toString(), hiddenFan.toString());
        var own = client.as(owner).listFollowers(ListFollowersRequest.newBuilder().setUserId(owner.toString()).build());
        assertThat(own.getFollowersList()).filteredOn(entry -> entry.getUserId().equals(hiddenFan.toString()))
                .singleElement().satisfies(entry -> assertThat(entry.hasProfile()).as("hidden profile").isFalse());
        StatusRuntimeException error = failure(() -> followers(outsider, owner));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    /** {@code owner} is hidden from {@code viewer}: as absent as a random id, in every read. */
    @Test
    void anAdministratorSeesEveryProfileWhateverItsPrivacyOrBlocksSoReportsNamePeople() {
        String name = People.unique("Wystan");
        UUID hidden = people.register(name + " Hale");
        UUID admin = people.register("Moderating Admin");
        UUID student = people.register("Plain Student");
        client.visibility(hidden, PROFILE_VISIBILITY_NOBODY);
        client.block(hidden, admin);

        Profile seen = client.asAdmin(admin).getProfile(GetProfileRequest.newBuilder()
                .setUserId(hidden.toString()).build()).getProfile();
        assertThat(seen.getDisplayName()).isEqualTo(name + " Hale");
        assertThat(seen.getEmail()).as("the e-mail stays the owner's choice").isEmpty();
        assertThat(client.asAdmin(admin).batchGetProfiles(BatchGetProfilesRequest.newBuilder()
                        .addUserIds(hidden.toString()).addUserIds(student.toString()).build())
                .getProfilesList().stream().map(Profile::getUserId).toList())
                .containsExactly(hidden.toString(), student.toString());
        assertThat(failure(() -> client.asAdmin(admin).getProfile(GetProfileRequest.newBuilder()
                .setUserId(UUID.randomUUID().toString()).build())).getStatus().getCode())
                .as("a profile that does not exist is still NOT_FOUND").isEqualTo(Status.Code.NOT_FOUND);
        assertHiddenFrom(student, hidden, name);
    }

    private void assertHiddenFrom(UUID viewer, UUID owner, String uniqueName) {
        UUID nobody = UUID.randomUUID();
        StatusRuntimeException hidden = failure(() -> client.get(viewer, owner));
        StatusRuntimeException missing = failure(() -> client.get(viewer, nobody));
        assertThat(hidden.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(StatusProto.fromThrowable(hidden).toString())
                .as("a hidden profile answers exactly as a missing one")
                .isEqualTo(StatusProto.fromThrowable(missing).toString().replace(nobody.toString(), owner.toString()));
        assertThat(client.batch(viewer, List.of(owner, viewer))).containsExactly(viewer.toString());
        assertThat(client.found(viewer, uniqueName)).isEmpty();
        assertThat(failure(() -> client.follow(viewer, owner)).getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    private List<String> followers(UUID caller, UUID subject) {
        return client.as(caller).listFollowers(ListFollowersRequest.newBuilder().setUserId(subject.toString()).build())
                .getFollowersList().stream().map(entry -> entry.getUserId()).toList();
    }
}
