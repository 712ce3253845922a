package dev.cohort.profile;

import static dev.cohort.profile.ProfileClient.detail;
import static dev.cohort.profile.ProfileClient.failure;
import static dev.cohort.profile.ProfileClient.reason;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.FieldMask;
import com.google.rpc.BadRequest;
import dev.cohort.profile.v1.ContactPermission;
import dev.cohort.profile.v1.GetMyProfileRequest;
import dev.cohort.profile.v1.GetPrivacySettingsRequest;
import dev.cohort.profile.v1.PrivacySettings;
import dev.cohort.profile.v1.Profile;
import dev.cohort.profile.v1.ProfileLink;
import dev.cohort.profile.v1.ProfileVisibility;
import dev.cohort.profile.v1.UpdateMyProfileRequest;
import dev.cohort.profile.v1.UpdatePrivacySettingsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
 * One's own profile and privacy settings through a real gRPC client on real PostgreSQL: the protective defaults,
 * changes by field mask (only what the mask names changes), and every refusal as INVALID_ARGUMENT with a
 * {@code google.rpc.BadRequest} naming the field at fault.
 */
@SpringBootTest(classes = ProfileApplication.class, properties = "spring.config.name=" + ProfileApplication.CONFIG_NAME)
@Import(ProfileTestSupport.TestKeys.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileBehaviourTest extends ProfileServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ProfileTestSupport.register(registry, ProfileBehaviourTest.class, false);
    }



    @Test
    void aNewProfileHasTheRegisteredNameAndProtectiveDefaults() {
        UUID ada = people.register("Ada Lovelace");

        Profile mine = client.as(ada).getMyProfile(GetMyProfileRequest.getDefaultInstance()).getProfile();
        PrivacySettings privacy = client.as(ada).getPrivacySettings(GetPrivacySettingsRequest.getDefaultInstance())
                .getSettings();

        assertThat(mine.getUserId()).isEqualTo(ada.toString());
        assertThat(mine.getDisplayName()).isEqualTo("Ada Lovelace");
        assertThat(mine.getEmail()).as("the owner sees their e-mail").endsWith("@example.org");
        assertThat(mine.getBio()).isEmpty();
        assertThat(mine.getLinksList()).isEmpty();
        assertThat(mine.hasAvatar()).as("no picture until uploads exist").isFalse();
        assertThat(mine.hasRelationship()).as("no relationship with oneself").isFalse();
        assertThat(mine.hasCreateTime()).isTrue();
        assertThat(privacy.getProfileVisibility()).isEqualTo(ProfileVisibility.PROFILE_VISIBILITY_CLASSMATES);
        assertThat(privacy.getDirectMessages()).isEqualTo(ContactPermission.CONTACT_PERMISSION_CLASSMATES);
        assertThat(privacy.getChannelInvites()).isEqualTo(ContactPermission.CONTACT_PERMISSION_CLASSMATES);
        assertThat(privacy.getShowEmail()).isFalse();
    }

    @Test
    void anUpdateChangesExactlyTheFieldsItsMaskNames() {
        UUID grace = people.register("Grace Hopper");
        client.update(grace, Profile.newBuilder().setPronouns("she/her").setProgram("Mathematics").build(),
                "pronouns", "program");

        Profile updated = client.update(grace, Profile.newBuilder()
                        .setDisplayName("  Grace B. Hopper ")
                        .setBio("Compilers.\n\tAnd COBOL.")
                        .setProgram("ignored: not in the mask")
                        .setPronouns("")
                        .setYearOfStudy(3)
                        .addLinks(ProfileLink.newBuilder().setLabel("Navy").setUrl("https://navy.example/grace"))
                        .setEmail("ignored@example.org")
                        .build(),
                "display_name", "bio", "pronouns", "year_of_study", "links");

        assertThat(updated.getDisplayName()).as("trimmed").isEqualTo("Grace B. Hopper");
        assertThat(updated.getBio()).as("several lines allowed in free text").isEqualTo("Compilers.\n\tAnd COBOL.");
        assertThat(updated.getPronouns()).as("cleared, being in the mask").isEmpty();
        assertThat(updated.getProgram()).as("kept, not being in the mask").isEqualTo("Mathematics");
        assertThat(updated.getYearOfStudy()).isEqualTo(3);
        assertThat(updated.getLinksList()).extracting(ProfileLink::getUrl).containsExactly("https://navy.example/grace");
        assertThat(updated.getEmail()).as("never written through the profile").endsWith("@example.org")
                .isNotEqualTo("ignored@example.org");
        assertThat(client.as(grace).getMyProfile(GetMyProfileRequest.getDefaultInstance()).getProfile())
                .isEqualTo(updated);
    }

    @Test
    void refusesMasksThatNameNothingOrWhatCannotChangeOrClearTheName() {
        UUID alan = people.register("Alan Turing");

        assertViolations(failure(() -> client.update(alan, Profile.getDefaultInstance())),
                "INVALID_UPDATE_MASK", "update_mask");
        assertViolations(failure(() -> client.update(alan, Profile.newBuilder().setEmail("x@example.org").build(),
                "email", "bio")), "REQUEST_INVALID", "update_mask");
        assertViolations(failure(() -> client.update(alan, Profile.getDefaultInstance(), "links.url")),
                "INVALID_UPDATE_MASK", "update_mask");
        assertViolations(failure(() -> client.update(alan, Profile.newBuilder().setDisplayName("").build(),
                "display_name")), "INVALID_UPDATE_MASK", "profile.display_name");
        assertViolations(failure(() -> client.as(alan).updateMyProfile(UpdateMyProfileRequest.newBuilder()
                .setProfile(Profile.getDefaultInstance()).build())), "REQUEST_INVALID", "update_mask");
        assertThat(client.as(alan).getMyProfile(GetMyProfileRequest.getDefaultInstance()).getProfile()
                .getDisplayName()).isEqualTo("Alan Turing");
    }

    @Test
    void refusesValuesAgainstTheContractsRulesWithEveryFieldAtFault() {
        UUID edsger = people.register("Edsger Dijkstra");
        Profile bad = Profile.newBuilder()
                .setDisplayName("   ")
                .setBio("x".repeat(1001))
                .setYearOfStudy(13)
                .addLinks(ProfileLink.newBuilder().setLabel("Script").setUrl("javascript:alert(1)"))
                .addLinks(ProfileLink.newBuilder().setLabel("").setUrl("HTTPS://ok.example"))
                .build();

        StatusRuntimeException refused = failure(() -> client.update(edsger, bad,
                "display_name", "bio", "year_of_study", "links"));

        assertViolations(refused, "REQUEST_INVALID", "profile.display_name", "profile.bio",
                "profile.year_of_study", "profile.links[0].url", "profile.links[1].label");
        assertViolations(failure(() -> client.update(edsger, Profile.newBuilder().addLinks(ProfileLink.newBuilder()
                .setLabel("Site").setUrl("https://")).build(), "links")), "REQUEST_INVALID", "profile.links[0].url");
        assertViolations(failure(() -> client.update(edsger, Profile.newBuilder().setDisplayName("Ed\u0000").build(),
                "display_name")), "REQUEST_INVALID", "profile.display_name");
        assertViolations(failure(() -> client.update(edsger, Profile.newBuilder()
                .addAllLinks(java.util.Collections.nCopies(6, ProfileLink.newBuilder().setLabel("L")
                        .setUrl("https://l.example").build())).build(), "links")), "REQUEST_INVALID", "profile.links");
    }

    @Test
    void privacyChangesByMaskAndRefusesUnspecifiedChoices() {
        UUID barbara = people.register("Barbara Liskov");

        PrivacySettings changed = client.privacy(barbara, PrivacySettings.newBuilder()
                        .setDirectMessages(ContactPermission.CONTACT_PERMISSION_PEOPLE_I_FOLLOW)
                        .setShowEmail(true)
                        .setProfileVisibility(ProfileVisibility.PROFILE_VISIBILITY_NOBODY)
                        .build(),
                "direct_messages", "show_email");

        assertThat(changed.getDirectMessages()).isEqualTo(ContactPermission.CONTACT_PERMISSION_PEOPLE_I_FOLLOW);
        assertThat(changed.getShowEmail()).isTrue();
        assertThat(changed.getProfileVisibility()).as("not in the mask")
                .isEqualTo(ProfileVisibility.PROFILE_VISIBILITY_CLASSMATES);
        assertThat(changed.getChannelInvites()).isEqualTo(ContactPermission.CONTACT_PERMISSION_CLASSMATES);
        assertViolations(failure(() -> client.privacy(barbara, PrivacySettings.getDefaultInstance(),
                "channel_invites")), "INVALID_UPDATE_MASK", "settings.channel_invites");
        assertViolations(failure(() -> client.privacy(barbara, PrivacySettings.getDefaultInstance(),
                "bio")), "REQUEST_INVALID", "update_mask");
        assertViolations(failure(() -> client.privacy(barbara, PrivacySettings.getDefaultInstance())),
                "INVALID_UPDATE_MASK", "update_mask");
        assertViolations(failure(() -> client.as(barbara).updatePrivacySettings(UpdatePrivacySettingsRequest
                .newBuilder().setSettings(PrivacySettings.newBuilder().setDirectMessagesValue(42))
                .setUpdateMask(FieldMask.newBuilder().addPaths("direct_messages")).build())),
                "REQUEST_INVALID", "settings.direct_messages");
        assertThat(client.as(barbara).getPrivacySettings(GetPrivacySettingsRequest.getDefaultInstance())
                .getSettings()).isEqualTo(changed);
    }

    @Test
    void aCallerWhoseProfileIsNotCreatedYetIsToldToRetry() {
        UUID newcomer = UUID.randomUUID();

        StatusRuntimeException error = failure(() -> client.as(newcomer).getMyProfile(
                GetMyProfileRequest.getDefaultInstance()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(error)).isEqualTo("PROFILE_NOT_READY");
        assertThat(reason(failure(() -> client.update(newcomer, Profile.newBuilder().setBio("hi").build(), "bio"))))
                .isEqualTo("PROFILE_NOT_READY");
    }

    @Test
    void withoutATokenEveryRpcIsUnauthenticated() {
        StatusRuntimeException error = failure(() -> client.anonymous().getMyProfile(
                GetMyProfileRequest.getDefaultInstance()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    private static void assertViolations(StatusRuntimeException error, String expectedReason, String... fields) {
        assertThat(error.getStatus().getCode()).as(error.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(error)).as(error.toString()).isEqualTo(expectedReason);
        List<String> violated = detail(error, BadRequest.class).getFieldViolationsList().stream()
                .map(BadRequest.FieldViolation::getField).distinct().toList();
        assertThat(violated).as(error.toString()).containsExactlyInAnyOrder(fields);
    }
}
