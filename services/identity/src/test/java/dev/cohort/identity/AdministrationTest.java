package dev.cohort.identity;

import static dev.cohort.identity.IdentityClient.PASSWORD;
import static dev.cohort.identity.IdentityClient.failure;
import static dev.cohort.identity.IdentityClient.reason;
import static dev.cohort.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.cohort.common.v1.Role;
import dev.cohort.identity.v1.CreateInvitationRequest;
import dev.cohort.identity.v1.GetMeRequest;
import dev.cohort.identity.v1.LoginResponse;
import dev.cohort.identity.v1.RefreshRequest;
import dev.cohort.identity.v1.ReinstateUserRequest;
import dev.cohort.identity.v1.SetUserRolesRequest;
import dev.cohort.identity.v1.SuspendUserRequest;
import dev.cohort.identity.v1.User;
import dev.cohort.identity.v1.UserStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class AdministrationTest extends IdentityServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IdentityTestSupport.register(registry, AdministrationTest.class);
    }

    @Value("${cohort.identity.bootstrap-admin.email}")
    String adminEmail;
    LoginResponse admin;

    @BeforeAll
    void prepare() {
        admin = client.login(adminEmail, IdentityTestSupport.ADMIN_PASSWORD);
    }

    String adminToken() {
        return admin.getTokens().getAccessToken();
    }

    User suspend(String userId) {
        return client.as(adminToken()).suspendUser(SuspendUserRequest.newBuilder().setUserId(userId).setReason("spam").build()).getUser();
    }

    @Test
    void bootstrapAdminHasTheAdminRole() {
        assertThat(admin.getUser().getRolesList()).contains(Role.ROLE_ADMIN);
    }

    @Test
    void suspensionStopsSignInRefreshAndExistingTokensAtOnce() {
        LoginResponse student = client.newStudent("suspended");
        String userId = student.getUser().getUserId();

        User suspended = suspend(userId);

        assertThat(suspended.getStatus()).isEqualTo(UserStatus.USER_STATUS_SUSPENDED);
        StatusRuntimeException login = failure(() -> client.login(student.getUser().getEmail(), PASSWORD));
        assertThat(login.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(login)).isEqualTo("ACCOUNT_SUSPENDED");
        StatusRuntimeException refresh = failure(() -> client.anonymous().refresh(
                RefreshRequest.newBuilder().setRefreshToken(student.getTokens().getRefreshToken()).build()));
        assertThat(refresh.getStatus().getCode()).isIn(Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED);
        StatusRuntimeException oldToken = failure(() ->
                client.as(student.getTokens().getAccessToken()).getMe(GetMeRequest.getDefaultInstance()));
        assertThat(reason(oldToken)).isEqualTo("TOKEN_REVOKED");
    }

    @Test
    void reinstatingLetsTheUserSignInAgain() {
        LoginResponse student = client.newStudent("reinstated");
        suspend(student.getUser().getUserId());

        User reinstated = client.as(adminToken()).reinstateUser(
                ReinstateUserRequest.newBuilder().setUserId(student.getUser().getUserId()).build()).getUser();

        assertThat(reinstated.getStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
        LoginResponse again = client.login(student.getUser().getEmail(), PASSWORD);
        assertThat(client.as(again.getTokens().getAccessToken()).getMe(GetMeRequest.getDefaultInstance()).getUser().getUserId())
                .isEqualTo(student.getUser().getUserId());
    }

    @Test
    void transitionsOutOfOrderAreFailedPreconditions() {
        LoginResponse student = client.newStudent("twice");
        suspend(student.getUser().getUserId());

        StatusRuntimeException again = failure(() -> suspend(student.getUser().getUserId()));
        StatusRuntimeException self = failure(() -> suspend(admin.getUser().getUserId()));
        StatusRuntimeException notSuspended = failure(() -> client.as(adminToken()).reinstateUser(
                ReinstateUserRequest.newBuilder().setUserId(admin.getUser().getUserId()).build()));

        assertThat(again.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(again)).isEqualTo("ALREADY_SUSPENDED");
        assertThat(reason(self)).isEqualTo("CANNOT_SUSPEND_SELF");
        assertThat(reason(notSuspended)).isEqualTo("NOT_SUSPENDED");
    }

    @Test
    void suspendingAnUnknownUserIsNotFoundAndAMalformedIdIsInvalid() {
        assertThat(failure(() -> suspend(UUID.randomUUID().toString())).getStatus().getCode())
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(failure(() -> suspend("not-a-uuid")).getStatus().getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void studentsCannotUseAdminOperations() {
        LoginResponse student = client.newStudent("curious");
        LoginResponse victim = client.newStudent("victim");
        var asStudent = client.as(student.getTokens().getAccessToken());

        StatusRuntimeException suspend = failure(() -> asStudent.suspendUser(SuspendUserRequest.newBuilder()
                .setUserId(victim.getUser().getUserId()).setReason("because").build()));
        StatusRuntimeException invite = failure(() -> asStudent.createInvitation(CreateInvitationRequest.getDefaultInstance()));
        StatusRuntimeException promote = failure(() -> asStudent.setUserRoles(SetUserRolesRequest.newBuilder()
                .setUserId(student.getUser().getUserId()).addRoles(Role.ROLE_ADMIN).build()));

        assertThat(suspend.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(invite.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(promote.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(client.login(victim.getUser().getEmail(), PASSWORD).getUser().getStatus())
                .isEqualTo(UserStatus.USER_STATUS_ACTIVE);
    }

    @Test
    void roleChangesReachTheNextTokenAndRetireTheOldOnes() throws Exception {
        LoginResponse student = client.newStudent("promoted");

        User changed = client.as(adminToken()).setUserRoles(SetUserRolesRequest.newBuilder()
                .setUserId(student.getUser().getUserId()).addRoles(Role.ROLE_STUDENT).addRoles(Role.ROLE_INSTRUCTOR).build()).getUser();

        assertThat(changed.getRolesList()).containsExactlyInAnyOrder(Role.ROLE_STUDENT, Role.ROLE_INSTRUCTOR);
        assertThat(reason(failure(() -> client.as(student.getTokens().getAccessToken()).getMe(GetMeRequest.getDefaultInstance()))))
                .isEqualTo("TOKEN_REVOKED");
        String fresh = client.anonymous().refresh(RefreshRequest.newBuilder()
                .setRefreshToken(student.getTokens().getRefreshToken()).build()).getTokens().getAccessToken();
        assertThat(SignedJWT.parse(fresh).getJWTClaimsSet().getStringListClaim("roles"))
                .containsExactlyInAnyOrder("STUDENT", "INSTRUCTOR");
    }

    @Test
    void anAdminCannotRemoveTheirOwnAdminRole() {
        StatusRuntimeException error = failure(() -> client.as(adminToken()).setUserRoles(SetUserRolesRequest.newBuilder()
                .setUserId(admin.getUser().getUserId()).addRoles(Role.ROLE_STUDENT).build()));

        assertThat(reason(error)).isEqualTo("CANNOT_DEMOTE_SELF");
    }

    @Test
    void refusesDuplicateOrUnspecifiedRoles() {
        LoginResponse student = client.newStudent("roles");
        StatusRuntimeException error = failure(() -> client.as(adminToken()).setUserRoles(SetUserRolesRequest.newBuilder()
                .setUserId(student.getUser().getUserId()).addRoles(Role.ROLE_STUDENT).addRoles(Role.ROLE_STUDENT).build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
}
