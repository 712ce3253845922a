package dev.cohort.identity;

import static dev.cohort.identity.IdentityClient.PASSWORD;
import static dev.cohort.identity.IdentityClient.failure;
import static dev.cohort.identity.IdentityClient.reason;
import static dev.cohort.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.common.v1.Role;
import dev.cohort.identity.v1.CreateInvitationRequest;
import dev.cohort.identity.v1.CreateInvitationResponse;
import dev.cohort.identity.v1.RegisterRequest;
import dev.cohort.identity.v1.User;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = IdentityApplication.class, properties = {"spring.config.name=" + IdentityApplication.CONFIG_NAME, "cohort.identity.registration-mode=INVITATION_ONLY"})
class InvitationOnlyRegistrationTest extends IdentityServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IdentityTestSupport.register(registry, InvitationOnlyRegistrationTest.class);
    }

    @Autowired
    JdbcTemplate jdbc;
    @Value("${cohort.identity.bootstrap-admin.email}")
    String adminEmail;
    String adminToken;

    @BeforeAll
    void prepare() {
        adminToken = client.login(adminEmail, IdentityTestSupport.ADMIN_PASSWORD).getTokens().getAccessToken();
    }

    CreateInvitationResponse invite(CreateInvitationRequest request) {
        return client.as(adminToken).createInvitation(request);
    }

    User register(String email, String code) {
        return client.anonymous().register(RegisterRequest.newBuilder().setEmail(email).setPassword(PASSWORD)
                .setDisplayName("Invited").setInvitationCode(code).build()).getUser();
    }

    @Test
    void refusesRegistrationWithoutACode() {
        StatusRuntimeException error = failure(() -> register(uniqueEmail("uninvited"), ""));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(error)).isEqualTo("INVITATION_REQUIRED");
    }

    @Test
    void aCodeRegistersOnceWithTheRoleItGrants() {
        String code = invite(CreateInvitationRequest.newBuilder().setRole(Role.ROLE_INSTRUCTOR).build()).getInvitationCode();

        User instructor = register(uniqueEmail("instructor"), code);
        StatusRuntimeException reused = failure(() -> register(uniqueEmail("second"), code));

        assertThat(instructor.getRolesList()).containsExactly(Role.ROLE_INSTRUCTOR);
        assertThat(reused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(reused)).isEqualTo("INVITATION_INVALID");
    }

    @Test
    void aCodeBoundToAnEmailWorksOnlyForThatEmail() {
        String invitee = uniqueEmail("invitee");
        String code = invite(CreateInvitationRequest.newBuilder().setEmail(invitee).build()).getInvitationCode();

        StatusRuntimeException stranger = failure(() -> register(uniqueEmail("stranger"), code));
        User user = register(invitee.toUpperCase(), code);

        assertThat(reason(stranger)).isEqualTo("INVITATION_INVALID");
        assertThat(user.getRolesList()).containsExactly(Role.ROLE_STUDENT);
    }

    @Test
    void anExpiredCodeIsRefused() {
        String code = invite(CreateInvitationRequest.getDefaultInstance()).getInvitationCode();
        jdbc.update("update invitations set expires_at = now() - interval '1 second' where used_at is null");

        assertThat(reason(failure(() -> register(uniqueEmail("late"), code)))).isEqualTo("INVITATION_INVALID");
    }

    @Test
    void storesOnlyAHashOfTheCode() {
        String code = invite(CreateInvitationRequest.getDefaultInstance()).getInvitationCode();

        Integer plaintextRows = jdbc.queryForObject(
                "select count(*) from invitations where position(convert_to(?, 'UTF8') in code_hash) > 0", Integer.class, code);

        assertThat(code).startsWith("inv_");
        assertThat(plaintextRows).isZero();
    }
}
