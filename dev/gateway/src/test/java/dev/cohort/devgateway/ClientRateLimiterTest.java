package dev.cohort.devgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {

    private static final String GET_ME = GatewaySettings.IDENTITY + "/GetMe";

    private final ManualClock clock = new ManualClock();
    /** Per address 3 calls per 10 s, per user 2 per 10 s, Login 1 per 30 s per address. */
    private final ClientRateLimiter limiter = new ClientRateLimiter(new RateLimits(
            new RateLimits.TokenBucketSize(3, 3, Duration.ofSeconds(10)),
            new RateLimits.TokenBucketSize(2, 2, Duration.ofSeconds(10)),
            Map.of(RateLimits.LOGIN, new RateLimits.TokenBucketSize(1, 1, Duration.ofSeconds(30)))), clock);

    @Test
    void refusesACallOverItsClientsLimitWithTheTimeToTheNextToken() throws Exception {
        InetAddress ada = address(10, 0, 0, 1);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.take(ada, null, GET_ME)).isEmpty();
        }

        clock.advance(Duration.ofSeconds(4));
        Optional<ClientRateLimiter.Refusal> refused = limiter.take(ada, null, GET_ME);

        assertThat(refused).hasValueSatisfying(refusal -> {
            assertThat(refusal.bucket()).isEqualTo("client address");
            assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        });
    }

    @Test
    void keepsEachClientAddressOnItsOwnBuckets() throws Exception {
        InetAddress ada = address(10, 0, 0, 1);
        InetAddress grace = address(10, 0, 0, 2);
        for (int i = 0; i < 3; i++) {
            limiter.take(ada, null, GET_ME);
        }

        assertThat(limiter.take(ada, null, GET_ME)).isPresent();
        assertThat(limiter.take(grace, null, GET_ME)).isEmpty();
    }

    @Test
    void holdsAUserToOneBudgetWhateverAddressTheyCallFrom() throws Exception {
        InetAddress home = address(10, 0, 0, 1);
        InetAddress phone = address(10, 0, 0, 2);
        assertThat(limiter.take(home, "ada", GET_ME)).isEmpty();
        assertThat(limiter.take(phone, "ada", GET_ME)).isEmpty();

        assertThat(limiter.take(phone, "ada", GET_ME)).hasValueSatisfying(refusal ->
                assertThat(refusal.bucket()).isEqualTo("user"));
        assertThat(limiter.take(home, "grace", GET_ME)).as("another user at the same address").isEmpty();
    }

    @Test
    void aRefusalByTheUsersBucketTakesNothingFromTheAddresssBucket() throws Exception {
        InetAddress shared = address(10, 0, 0, 1);
        limiter.take(shared, "ada", GET_ME);
        limiter.take(shared, "ada", GET_ME);
        assertThat(limiter.take(shared, "ada", GET_ME)).isPresent();

        // Ada's two calls took two of the address's three tokens; her refused one took none.
        assertThat(limiter.take(shared, "grace", GET_ME)).isEmpty();
        assertThat(limiter.take(shared, "grace", GET_ME)).hasValueSatisfying(refusal ->
                assertThat(refusal.bucket()).isEqualTo("client address"));
    }

    @Test
    void takesFromTheMethodsOwnBucketAndFromTheEveryCallBucket() throws Exception {
        InetAddress ada = address(10, 0, 0, 1);

        assertThat(limiter.take(ada, null, RateLimits.LOGIN)).isEmpty();
        assertThat(limiter.take(ada, null, RateLimits.LOGIN)).hasValueSatisfying(refusal -> {
            assertThat(refusal.bucket()).isEqualTo(RateLimits.LOGIN);
            assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        });
        // The first login took one of the three every-call tokens, the refused one none: two are left.
        assertThat(limiter.take(ada, null, GET_ME)).isEmpty();
        assertThat(limiter.take(ada, null, GET_ME)).isEmpty();
        assertThat(limiter.take(ada, null, GET_ME)).isPresent();
    }

    @Test
    void forgetsFullBucketsOnceItTracksManyClients() throws Exception {
        for (int i = 0; i <= 10_000; i++) {
            limiter.take(address(10, 1, i >> 8, i & 0xff), null, GET_ME);
        }
        assertThat(limiter.trackedBuckets()).isEqualTo(10_001);

        clock.advance(Duration.ofSeconds(10));
        limiter.take(address(10, 2, 0, 1), null, GET_ME);

        assertThat(limiter.trackedBuckets()).isEqualTo(1);
    }

    private static InetAddress address(int a, int b, int c, int d) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }
}
