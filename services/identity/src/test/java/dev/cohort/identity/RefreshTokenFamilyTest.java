package dev.cohort.identity;

import static dev.cohort.identity.IdentityClient.PASSWORD;
import static dev.cohort.identity.IdentityClient.failure;
import static dev.cohort.identity.IdentityClient.reason;
import static dev.cohort.identity.IdentityClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.identity.v1.GetMeRequest;
import dev.cohort.identity.v1.LoginResponse;
import dev.cohort.identity.v1.RefreshRequest;
import dev.cohort.identity.v1.RefreshResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

class RefreshTokenFamilyTest extends IdentityServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IdentityTestSupport.register(registry, RefreshTokenFamilyTest.class);
    }

    @Autowired
    JdbcTemplate jdbc;

    RefreshResponse refresh(String token) {
        return client.anonymous().refresh(RefreshRequest.newBuilder().setRefreshToken(token).build());
    }

    @Test
    void reusingARotatedTokenRevokesTheWholeFamily() {
        LoginResponse login = client.newStudent("stolen");
        String original = login.getTokens().getRefreshToken();
        String legitimateNext = refresh(original).getTokens().getRefreshToken();

        StatusRuntimeException replay = failure(() -> refresh(original));
        StatusRuntimeException afterRevocation = failure(() -> refresh(legitimateNext));

        assertThat(replay.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reason(replay)).isEqualTo("REFRESH_TOKEN_REUSED");
        assertThat(afterRevocation.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reason(afterRevocation)).isEqualTo("REFRESH_TOKEN_INVALID");
        assertThat(jdbc.queryForObject("select count(*) from refresh_tokens where user_id = ?::uuid and status = 'ACTIVE'",
                Integer.class, login.getUser().getUserId())).isZero();
    }

    @Test
    void ofConcurrentRefreshesWithOneTokenAtMostOneSucceeds() throws Exception {
        String token = client.newStudent("race").getTokens().getRefreshToken();
        int racers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        refresh(token);
                        return true;
                    } catch (StatusRuntimeException refused) {
                        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        return false;
                    }
                }));
            }
            start.countDown();
            int successes = 0;
            for (Future<Boolean> outcome : outcomes) {
                successes += outcome.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(successes).isLessThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesAnUnknownRefreshToken() {
        StatusRuntimeException error = failure(() -> refresh("crt_thisTokenWasNeverIssuedByUs0123456789abc"));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reason(error)).isEqualTo("REFRESH_TOKEN_INVALID");
    }

    @Test
    void refusesAnExpiredRefreshToken() {
        LoginResponse login = client.newStudent("expired");
        jdbc.update("update refresh_tokens set expires_at = now() - interval '1 minute' where user_id = ?::uuid",
                login.getUser().getUserId());

        StatusRuntimeException error = failure(() -> refresh(login.getTokens().getRefreshToken()));

        assertThat(reason(error)).isEqualTo("REFRESH_TOKEN_INVALID");
    }

    @Test
    void aRefreshedAccessTokenBelongsToTheSameSignIn() {
        LoginResponse login = client.newStudent("same-session");

        RefreshResponse refreshed = refresh(login.getTokens().getRefreshToken());

        assertThat(client.as(refreshed.getTokens().getAccessToken()).getMe(GetMeRequest.getDefaultInstance())
                .getUser().getEmail()).isEqualTo(login.getUser().getEmail());
        assertThat(refreshed.getTokens().getAccessTokenExpireTime().getSeconds())
                .isGreaterThanOrEqualTo(login.getTokens().getAccessTokenExpireTime().getSeconds());
    }
}
