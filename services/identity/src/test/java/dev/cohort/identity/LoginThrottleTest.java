package dev.cohort.identity;

import static dev.cohort.identity.IdentityClient.PASSWORD;
import static dev.cohort.identity.IdentityClient.credentials;
import static dev.cohort.identity.IdentityClient.failure;
import static dev.cohort.identity.IdentityClient.reason;
import static dev.cohort.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.rpc.RetryInfo;
import dev.cohort.identity.v1.RefreshRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sign-in throttling through the real server behind one gateway hop (ADR 0020): every call comes from 127.0.0.1
 * (the "gateway") with {@code x-forwarded-for} as a gateway forwards it, so each test plays its clients at
 * addresses of its own. Limits lowered so the tests stay short: 3 free attempts per (account, address), 6 per
 * address, 10 per account; delays from 2 s doubling up to 16 s (8 s for the
 * account), long enough that a loaded machine's slower calls cannot outrun them.
 */
@SpringBootTest(classes = IdentityApplication.class, properties = {
        "spring.config.name=" + IdentityApplication.CONFIG_NAME,
        "cohort.identity.trusted-proxy-hops=1",
        "cohort.identity.login-throttle.free-attempts-per-account-and-address=3",
        "cohort.identity.login-throttle.free-attempts-per-address=6",
        "cohort.identity.login-throttle.free-attempts-per-account=10",
        "cohort.identity.login-throttle.first-delay=2s",
        "cohort.identity.login-throttle.max-delay=16s",
        "cohort.identity.login-throttle.max-account-delay=8s",
        "cohort.identity.login-throttle.memory=10m"})
class LoginThrottleTest extends IdentityServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IdentityTestSupport.register(registry, LoginThrottleTest.class);
    }

    @Test
    void aClientThatWritesItsOwnForwardedForCannotChangeItsThrottledAddress() {
        String email = uniqueEmail("forger");
        client.register(email);
        for (int guess = 0; guess < 3; guess++) {
            String forged = "6.6.6." + guess; // a new "address" on every guess, written by the client itself
            String password = "guess " + guess;
            assertThat(codeOf(() -> client.behindGateway("198.51.100.10", forged).login(credentials(email, password))))
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
        }

        StatusRuntimeException slowed = failure(() ->
                client.behindGateway("198.51.100.10", "7.7.7.7").login(credentials(email, "guess again")));

        assertThat(slowed.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(reason(slowed)).isEqualTo("TOO_MANY_FAILED_SIGN_INS");
    }

    @Test
    void twoRealAddressesBehindOneGatewayAreThrottledSeparately() {
        String neighbour = uniqueEmail("neighbour");
        client.register(neighbour);
        for (int account = 0; account < 6; account++) {
            String sprayed = uniqueEmail("sprayed");
            assertThat(codeOf(() -> client.behindGateway("198.51.100.20").login(credentials(sprayed, "Summer2026!"))))
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
        }

        assertThat(codeOf(() -> client.behindGateway("198.51.100.20").login(credentials(uniqueEmail("next"), "x"))))
                .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(client.behindGateway("198.51.100.21").login(credentials(neighbour, PASSWORD)).hasTokens()).isTrue();
    }

    @Test
    void passwordSprayingFromOneAddressIsSlowedEvenOnAnAccountItNeverTried() {
        String sprayer = "198.51.100.30";
        String untried = uniqueEmail("untried");
        client.register(untried);
        for (int account = 0; account < 6; account++) {
            String target = uniqueEmail("spray");
            assertThat(codeOf(() -> client.behindGateway(sprayer).login(credentials(target, "Summer2026!"))))
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
        }

        StatusRuntimeException slowed = failure(() -> client.behindGateway(sprayer).login(credentials(untried, PASSWORD)));

        assertThat(slowed.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(retryDelay(slowed)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anAttackersGuessesFromOneAddressDoNotStopTheOwnerSigningInFromAnother() {
        String email = uniqueEmail("owner");
        client.register(email);
        assertThat(client.behindGateway("198.51.100.40").login(credentials(email, PASSWORD)).hasTokens()).isTrue();

        for (int guess = 0; guess < 20; guess++) {
            String password = "guess " + guess;
            failure(() -> client.behindGateway("203.0.113.66").login(credentials(email, password)));
        }
        assertThat(codeOf(() -> client.behindGateway("203.0.113.66").login(credentials(email, PASSWORD))))
                .as("the attacker, even with the right password").isEqualTo(Status.Code.RESOURCE_EXHAUSTED);

        assertThat(client.behindGateway("198.51.100.40").login(credentials(email, PASSWORD)).hasTokens())
                .as("the owner at their usual address").isTrue();
        assertThat(client.behindGateway("198.51.100.41").login(credentials(email, PASSWORD)).hasTokens())
                .as("the owner at a new address").isTrue();
    }

    @Test
    void theAttackerIsSlowedWithGrowingDelays() {
        String email = uniqueEmail("target");
        client.register(email);
        String attacker = "203.0.113.77";
        for (int guess = 0; guess < 3; guess++) {
            String password = "guess " + guess;
            failure(() -> client.behindGateway(attacker).login(credentials(email, password)));
        }

        Duration first = retryDelay(failure(() -> client.behindGateway(attacker).login(credentials(email, PASSWORD))));
        Duration second = delayAfterTheNextAdmittedGuess(email, attacker);
        Duration third = delayAfterTheNextAdmittedGuess(email, attacker);

        assertThat(first).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(second).isGreaterThan(first).isGreaterThan(Duration.ofSeconds(2));
        assertThat(third).isGreaterThan(second).isGreaterThan(Duration.ofSeconds(4));
    }

    @Test
    void refreshingAnExistingSessionWorksThroughoutAnAttackOnTheAccount() {
        String email = uniqueEmail("refresher");
        client.register(email);
        String refreshToken = client.behindGateway("198.51.100.50").login(credentials(email, PASSWORD))
                .getTokens().getRefreshToken();

        for (int attacker = 0; attacker < 8; attacker++) { // more than the account's free attempts, from 8 addresses
            String address = "203.0.113." + (100 + attacker);
            for (int guess = 0; guess < 4; guess++) {
                String password = "guess " + guess;
                failure(() -> client.behindGateway(address).login(credentials(email, password)));
            }
            refreshToken = client.anonymous().refresh(RefreshRequest.newBuilder().setRefreshToken(refreshToken).build())
                    .getTokens().getRefreshToken();
        }

        assertThat(client.anonymous().refresh(RefreshRequest.newBuilder().setRefreshToken(refreshToken).build())
                .hasTokens()).isTrue();
    }

    /** Waits (polling, refused attempts count nothing) until a guess is admitted, then reads the next delay. */
    private Duration delayAfterTheNextAdmittedGuess(String email, String attacker) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() ->
                codeOf(() -> client.behindGateway(attacker).login(credentials(email, "wrong"))) == Status.Code.UNAUTHENTICATED);
        StatusRuntimeException slowed = failure(() -> client.behindGateway(attacker).login(credentials(email, "wrong")));
        assertThat(slowed.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        return retryDelay(slowed);
    }

    private static Duration retryDelay(StatusRuntimeException slowed) {
        com.google.protobuf.Duration delay = IdentityClient.detail(slowed, RetryInfo.class).getRetryDelay();
        return Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
    }

    private static Status.Code codeOf(Runnable call) {
        return failure(call).getStatus().getCode();
    }
}
