package dev.cohort.identity;

import static dev.cohort.identity.IdentityClient.PASSWORD;
import static dev.cohort.identity.IdentityClient.failure;
import static dev.cohort.identity.IdentityClient.reason;
import static dev.cohort.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Limits lowered so the tests stay short: 3 failures per account, 8 per client address. Every call here comes from
 * 127.0.0.1, so the per-address budget is shared by the tests of this class and each test uses its own accounts;
 * the address test runs last.
 */
@SpringBootTest(classes = IdentityApplication.class, properties = {
        "spring.config.name=" + IdentityApplication.CONFIG_NAME,
        "cohort.identity.login-throttle.max-failures-per-account=3",
        "cohort.identity.login-throttle.max-failures-per-address=8",
        "cohort.identity.login-throttle.window=10m"})
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class LoginThrottleTest extends IdentityServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IdentityTestSupport.register(registry, LoginThrottleTest.class);
    }


    @Test
    @org.junit.jupiter.api.Order(1)
    void locksAnAccountAfterRepeatedFailuresEvenForTheRightPassword() {
        String email = uniqueEmail("guessed");
        client.register(email);
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(failure(() -> client.login(email, "wrong guess " + System.nanoTime())).getStatus().getCode())
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
        }

        StatusRuntimeException locked = failure(() -> client.login(email, PASSWORD));

        assertThat(locked.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(reason(locked)).isEqualTo("TOO_MANY_FAILED_SIGN_INS");
        assertThat(IdentityClient.detail(locked, RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(600);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aSuccessfulSignInClearsTheAccountsFailures() {
        String email = uniqueEmail("forgetful");
        client.register(email);
        failure(() -> client.login(email, "wrong once"));
        failure(() -> client.login(email, "wrong twice"));

        client.login(email, PASSWORD);
        failure(() -> client.login(email, "wrong again"));

        assertThat(client.login(email, PASSWORD).hasTokens()).isTrue();
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void limitsFailuresFromOneAddressAcrossAccounts() {
        String bystander = uniqueEmail("bystander");
        client.register(bystander);
        // Failures so far from this address: 3 + 3 = 6 of 8; two more exhaust it, spread over fresh accounts.
        for (int i = 0; i < 2; i++) {
            String target = uniqueEmail("spray");
            assertThat(failure(() -> client.login(target, "password spraying")).getStatus().getCode())
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
        }

        StatusRuntimeException blocked = failure(() -> client.login(bystander, PASSWORD));

        assertThat(blocked.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }
}
