package dev.cohort.identity;

import static dev.cohort.identity.IdentityClient.PASSWORD;
import static dev.cohort.identity.IdentityClient.failure;
import static dev.cohort.identity.IdentityClient.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cohort.auth.RevocationSignal;
import dev.cohort.common.v1.Role;
import dev.cohort.identity.v1.ChangePasswordRequest;
import dev.cohort.identity.v1.GetMeRequest;
import dev.cohort.identity.v1.LoginResponse;
import dev.cohort.identity.v1.LogoutRequest;
import dev.cohort.identity.v1.RefreshRequest;
import dev.cohort.identity.v1.SetUserRolesRequest;
import dev.cohort.identity.v1.SuspendUserRequest;
import io.grpc.Status;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Identity's side of ending live streams (ADR 0021): sign-out everywhere, suspension, a role change, a password
 * change and a sign-out each deny-list the tokens they retire and then signal the user on the revocation topic,
 * which services with long-lived calls (chat) listen to. The test listens on the topic like a chat replica.
 */
class TokenRevocationSignalTest extends IdentityServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IdentityTestSupport.register(registry, TokenRevocationSignalTest.class);
    }

    @Autowired
    RevocationSignal signal;
    @Value("${cohort.identity.bootstrap-admin.email}")
    String adminEmail;
    final Set<String> signalled = ConcurrentHashMap.newKeySet();
    AutoCloseable listening;
    String admin;

    @BeforeAll
    void listenAndSignInAsAdmin() {
        listening = signal.listen(signalled::add, () -> { });
        admin = client.login(adminEmail, IdentityTestSupport.ADMIN_PASSWORD).getTokens().getAccessToken();
    }

    @AfterAll
    void stopListening() throws Exception {
        listening.close();
    }

    @Test
    void signingOutEverywhereRetiresEveryTokenOfTheAccountAndSignals() {
        LoginResponse first = client.newStudent("everywhere");
        LoginResponse second = client.login(first.getUser().getEmail(), PASSWORD);

        client.as(second.getTokens().getAccessToken()).logout(LogoutRequest.newBuilder().setAllSessions(true).build());

        awaitSignalled(first.getUser().getUserId());
        assertRefused(first.getTokens().getAccessToken());
        assertRefused(second.getTokens().getAccessToken());
        assertThat(failure(() -> client.anonymous().refresh(RefreshRequest.newBuilder()
                .setRefreshToken(first.getTokens().getRefreshToken()).build())).getStatus().getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void suspensionSignals() {
        LoginResponse student = client.newStudent("suspended");

        client.as(admin).suspendUser(SuspendUserRequest.newBuilder().setUserId(student.getUser().getUserId())
                .setReason("spam").build());

        awaitSignalled(student.getUser().getUserId());
        assertRefused(student.getTokens().getAccessToken());
    }

    @Test
    void aRoleChangeSignals() {
        LoginResponse student = client.newStudent("promoted");

        client.as(admin).setUserRoles(SetUserRolesRequest.newBuilder().setUserId(student.getUser().getUserId())
                .addRoles(Role.ROLE_STUDENT).addRoles(Role.ROLE_INSTRUCTOR).build());

        awaitSignalled(student.getUser().getUserId());
        assertRefused(student.getTokens().getAccessToken());
    }

    @Test
    void aPasswordChangeEndsEverySignInSignalsAndStartsANewOne() {
        LoginResponse student = client.newStudent("rekeyed");
        String newPassword = "an entirely different passphrase";

        var changed = client.as(student.getTokens().getAccessToken()).changePassword(ChangePasswordRequest.newBuilder()
                .setCurrentPassword(PASSWORD).setNewPassword(newPassword).build());

        awaitSignalled(student.getUser().getUserId());
        assertRefused(student.getTokens().getAccessToken());
        assertThat(client.as(changed.getTokens().getAccessToken()).getMe(GetMeRequest.getDefaultInstance())
                .getUser().getUserId()).isEqualTo(student.getUser().getUserId());
        assertThat(client.login(student.getUser().getEmail(), newPassword).hasTokens()).isTrue();
        assertThat(failure(() -> client.login(student.getUser().getEmail(), PASSWORD)).getStatus().getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void aPasswordChangeNeedsTheCurrentPasswordAndAStrongNewOne() {
        LoginResponse student = client.newStudent("careful");
        var as = client.as(student.getTokens().getAccessToken());

        var wrongCurrent = failure(() -> as.changePassword(ChangePasswordRequest.newBuilder()
                .setCurrentPassword("not my password").setNewPassword("an entirely different passphrase").build()));
        var weak = failure(() -> as.changePassword(ChangePasswordRequest.newBuilder()
                .setCurrentPassword(PASSWORD).setNewPassword("password").build()));

        assertThat(wrongCurrent.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(wrongCurrent)).isEqualTo("CURRENT_PASSWORD_INCORRECT");
        assertThat(weak.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(as.getMe(GetMeRequest.getDefaultInstance()).hasUser()).as("nothing changed").isTrue();
        assertThat(client.login(student.getUser().getEmail(), PASSWORD).hasTokens()).isTrue();
    }

    @Test
    void signingOutOneSessionRetiresItsTokenOnlyAndSignals() {
        LoginResponse first = client.newStudent("one-session");
        LoginResponse second = client.login(first.getUser().getEmail(), PASSWORD);

        client.as(first.getTokens().getAccessToken()).logout(LogoutRequest.getDefaultInstance());

        awaitSignalled(first.getUser().getUserId());
        assertRefused(first.getTokens().getAccessToken());
        assertThat(client.as(second.getTokens().getAccessToken()).getMe(GetMeRequest.getDefaultInstance()).hasUser())
                .isTrue();
    }

    private void awaitSignalled(String userId) {
        await().atMost(Duration.ofSeconds(2)).until(() -> signalled.contains(userId));
    }

    private void assertRefused(String accessToken) {
        var refused = failure(() -> client.as(accessToken).getMe(GetMeRequest.getDefaultInstance()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reason(refused)).isEqualTo("TOKEN_REVOKED");
    }
}
