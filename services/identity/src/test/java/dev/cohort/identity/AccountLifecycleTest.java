package dev.cohort.identity;

import static dev.cohort.identity.IdentityClient.PASSWORD;
import static dev.cohort.identity.IdentityClient.failure;
import static dev.cohort.identity.IdentityClient.reason;
import static dev.cohort.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import dev.cohort.common.v1.Role;
import dev.cohort.identity.v1.GetJwksRequest;
import dev.cohort.identity.v1.GetJwksResponse;
import dev.cohort.identity.v1.GetMeRequest;
import dev.cohort.identity.v1.LoginResponse;
import dev.cohort.identity.v1.LogoutRequest;
import dev.cohort.identity.v1.RefreshRequest;
import dev.cohort.identity.v1.RefreshResponse;
import dev.cohort.identity.v1.RegisterRequest;
import dev.cohort.identity.v1.User;
import dev.cohort.identity.v1.UserStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class AccountLifecycleTest extends IdentityServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IdentityTestSupport.register(registry, AccountLifecycleTest.class);
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void registersAStudentAndSignsThemIn() {
        String email = uniqueEmail("ada");

        User registered = client.register(email);
        LoginResponse login = client.login(email, PASSWORD);
        User me = client.as(login.getTokens().getAccessToken()).getMe(GetMeRequest.getDefaultInstance()).getUser();

        assertThat(registered.getRolesList()).containsExactly(Role.ROLE_STUDENT);
        assertThat(registered.getStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
        assertThat(login.getTokens().getTokenType()).isEqualTo("Bearer");
        assertThat(login.getTokens().getRefreshToken()).startsWith("crt_");
        assertThat(me).isEqualTo(registered);
    }

    @Test
    void storesOnlyAnArgon2idHashOfThePassword() {
        String email = uniqueEmail("hash");
        client.register(email);

        String stored = jdbc.queryForObject("select password_hash from users where email = ?", String.class, email);

        assertThat(stored).startsWith("$argon2id$").doesNotContain(PASSWORD);
    }

    @Test
    void treatsEmailAddressesCaseInsensitively() {
        String email = uniqueEmail("case");
        client.register(email);

        StatusRuntimeException duplicate = failure(() -> client.register(email.toUpperCase()));
        LoginResponse login = client.login("  " + email.toUpperCase() + " ", PASSWORD);

        assertThat(duplicate.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(reason(duplicate)).isEqualTo("EMAIL_TAKEN");
        assertThat(login.getUser().getEmail()).isEqualTo(email);
    }

    @Test
    void refusesACommonPasswordWithAFieldViolationAndCreatesNothing() {
        String email = uniqueEmail("weak");

        StatusRuntimeException error = failure(() -> client.anonymous().register(RegisterRequest.newBuilder()
                .setEmail(email).setPassword("Password1234").setDisplayName("Weak").build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(error)).isEqualTo("PASSWORD_TOO_WEAK");
        assertThat(IdentityClient.detail(error, BadRequest.class).getFieldViolationsList())
                .extracting(BadRequest.FieldViolation::getField).containsExactly("password");
        assertThat(jdbc.queryForObject("select count(*) from users where email = ?", Integer.class, email)).isZero();
    }

    @Test
    void refusesAPasswordBuiltFromTheEmailName() {
        StatusRuntimeException error = failure(() -> client.anonymous().register(RegisterRequest.newBuilder()
                .setEmail("margaret.hamilton@example.org").setPassword("margaret.hamilton!!").setDisplayName("M").build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains("name of your e-mail");
    }

    @Test
    void refusesMalformedInputBeforeTouchingAnything() {
        StatusRuntimeException error = failure(() -> client.anonymous().register(RegisterRequest.newBuilder()
                .setEmail("nobody").setPassword("short").setDisplayName("   ").build()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(IdentityClient.detail(error, BadRequest.class).getFieldViolationsList())
                .extracting(BadRequest.FieldViolation::getField)
                .containsExactlyInAnyOrder("email", "password", "display_name");
    }

    @Test
    void answersWrongPasswordAndUnknownEmailTheSameWay() {
        String email = uniqueEmail("same");
        client.register(email);

        StatusRuntimeException wrongPassword = failure(() -> client.login(email, "not the right password"));
        StatusRuntimeException unknownEmail = failure(() -> client.login(uniqueEmail("ghost"), PASSWORD));

        assertThat(wrongPassword.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(unknownEmail.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(wrongPassword.getStatus().getDescription()).isEqualTo(unknownEmail.getStatus().getDescription());
        assertThat(reason(wrongPassword)).isEqualTo(reason(unknownEmail));
    }

    @Test
    void rotatesTheRefreshTokenOnEveryUse() {
        LoginResponse login = client.newStudent("rotate");
        String first = login.getTokens().getRefreshToken();

        RefreshResponse refreshed = client.anonymous().refresh(RefreshRequest.newBuilder().setRefreshToken(first).build());
        String second = refreshed.getTokens().getRefreshToken();

        assertThat(second).isNotEqualTo(first);
        assertThat(client.as(refreshed.getTokens().getAccessToken()).getMe(GetMeRequest.getDefaultInstance()).getUser().getUserId())
                .isEqualTo(login.getUser().getUserId());
        assertThat(client.anonymous().refresh(RefreshRequest.newBuilder().setRefreshToken(second).build())
                .getTokens().getRefreshToken()).isNotEqualTo(second);
    }

    @Test
    void logoutRevokesTheSignInAndDenyListsTheAccessToken() {
        LoginResponse login = client.newStudent("logout");
        String access = login.getTokens().getAccessToken();

        client.as(access).logout(LogoutRequest.getDefaultInstance());

        StatusRuntimeException refused = failure(() -> client.as(access).getMe(GetMeRequest.getDefaultInstance()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reason(refused)).isEqualTo("TOKEN_REVOKED");
        StatusRuntimeException refresh = failure(() -> client.anonymous()
                .refresh(RefreshRequest.newBuilder().setRefreshToken(login.getTokens().getRefreshToken()).build()));
        assertThat(refresh.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void logoutEndsOnlyThatSignIn() {
        String email = uniqueEmail("two-devices");
        client.register(email);
        LoginResponse laptop = client.login(email, PASSWORD);
        LoginResponse phone = client.login(email, PASSWORD);

        client.as(laptop.getTokens().getAccessToken()).logout(LogoutRequest.getDefaultInstance());

        assertThat(client.as(phone.getTokens().getAccessToken()).getMe(GetMeRequest.getDefaultInstance()).getUser().getEmail())
                .isEqualTo(email);
        assertThat(client.anonymous().refresh(RefreshRequest.newBuilder()
                .setRefreshToken(phone.getTokens().getRefreshToken()).build()).hasTokens()).isTrue();
    }

    @Test
    void publishesTheSigningKeyAsAJwkSet() {
        GetJwksResponse jwks = client.anonymous().getJwks(GetJwksRequest.getDefaultInstance());

        assertThat(jwks.getKeysList()).isNotEmpty().allSatisfy(key -> {
            assertThat(key.getKty()).isEqualTo("EC");
            assertThat(key.getCrv()).isEqualTo("P-256");
            assertThat(key.getAlg()).isEqualTo("ES256");
            assertThat(key.getUse()).isEqualTo("sig");
            assertThat(key.getKid()).isNotBlank();
            assertThat(key.getX()).isNotBlank();
            assertThat(key.getY()).isNotBlank();
        });
        assertThat(jwks.toString()).doesNotContain("\"d\"").doesNotContain(" d:");
    }

    @Test
    void getMeNeedsAToken() {
        StatusRuntimeException error = failure(() -> client.anonymous().getMe(GetMeRequest.getDefaultInstance()));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reason(error)).isEqualTo("TOKEN_MISSING");
    }
}
