package dev.cohort.identity;

import static dev.cohort.identity.IdentityClient.PASSWORD;
import static dev.cohort.identity.IdentityClient.detail;
import static dev.cohort.identity.IdentityClient.failure;
import static dev.cohort.identity.IdentityClient.reason;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import dev.cohort.common.v1.Role;
import dev.cohort.identity.app.SuspensionEnds;
import dev.cohort.identity.events.IdentityEvents;
import dev.cohort.identity.store.UserRepository;
import dev.cohort.identity.v1.GetUserRequest;
import dev.cohort.identity.v1.IdentityServiceGrpc;
import dev.cohort.identity.v1.LoginResponse;
import dev.cohort.identity.v1.SuspendUserRequest;
import dev.cohort.identity.v1.User;
import dev.cohort.identity.v1.UserStatus;
import dev.cohort.testkit.MovableClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Suspensions for a time (ADR 0067): the end is validated, stored and shown; when it passes the account is active
 * again without anyone acting, reinstated through the outbox like ReinstateUser; and GetUser, the admins' read of
 * another account.
 */
// The scheduled sweep stays out of the way: each test drives the sweep, or proves sign-in does not need it.
@TestPropertySource(properties = "cohort.identity.suspensions.sweep-interval=1h")
class TimedSuspensionTest extends IdentityServiceTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IdentityTestSupport.register(registry, TimedSuspensionTest.class);
    }

    @Value("${cohort.identity.bootstrap-admin.email}")
    String adminEmail;
    @Autowired
    UserRepository users;
    @Autowired
    IdentityEvents events;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    IdentityServiceGrpc.IdentityServiceBlockingStub asAdmin;

    @BeforeAll
    void signInAdmin() {
        asAdmin = client.as(client.login(adminEmail, IdentityTestSupport.ADMIN_PASSWORD).getTokens().getAccessToken());
    }

    @Test
    void aSuspensionForATimeShowsItsEndAndRefusesSignIn() {
        LoginResponse student = client.newStudent("timed");
        Instant until = Instant.now().plus(Duration.ofDays(7));

        User suspended = suspend(student.getUser().getUserId(), until);

        assertThat(suspended.getStatus()).isEqualTo(UserStatus.USER_STATUS_SUSPENDED);
        assertThat(suspended.getSuspendUntil()).isEqualTo(timestamp(until));
        StatusRuntimeException login = failure(() -> client.login(student.getUser().getEmail(), PASSWORD));
        assertThat(login.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(login)).isEqualTo("ACCOUNT_SUSPENDED");
    }

    @Test
    void anEndInThePastOrMoreThanTenYearsAwayIsRefusedAndChangesNothing() {
        LoginResponse student = client.newStudent("badend");
        String userId = student.getUser().getUserId();

        StatusRuntimeException past = failure(() -> suspend(userId, Instant.now().minus(Duration.ofHours(1))));
        StatusRuntimeException tooFar = failure(() -> suspend(userId, Instant.now().plus(Duration.ofDays(3700))));

        for (StatusRuntimeException refused : new StatusRuntimeException[] {past, tooFar}) {
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(detail(refused, BadRequest.class).getFieldViolationsList())
                    .extracting(BadRequest.FieldViolation::getField).containsExactly("until");
        }
        assertThat(getUser(userId).getStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
    }

    @Test
    void theSweepLiftsEndedSuspensionsOnlyAndPublishesTheReinstatement() {
        String timed = client.newStudent("sweep-timed").getUser().getUserId();
        String forGood = client.newStudent("sweep-for-good").getUser().getUserId();
        String notYet = client.newStudent("sweep-not-yet").getUser().getUserId();
        Instant now = Instant.now();
        suspend(timed, now.plus(Duration.ofDays(7)));
        asAdmin.suspendUser(SuspendUserRequest.newBuilder().setUserId(forGood).setReason("for good").build());
        suspend(notYet, now.plus(Duration.ofDays(30)));
        // The sweeper of a clock eight days on: no waiting, the same database and outbox as the running service.
        MovableClock clock = new MovableClock(now);
        clock.advance(Duration.ofDays(8));
        SuspensionEnds sweeper = new SuspensionEnds(users, events, transactions, clock);

        assertThat(sweeper.sweep()).isGreaterThanOrEqualTo(1);

        User lifted = getUser(timed);
        assertThat(lifted.getStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
        assertThat(lifted.hasSuspendUntil()).isFalse();
        assertThat(getUser(forGood).getStatus()).isEqualTo(UserStatus.USER_STATUS_SUSPENDED);
        assertThat(getUser(notYet).getStatus()).isEqualTo(UserStatus.USER_STATUS_SUSPENDED);
        assertThat(reinstatementsOf(timed)).isEqualTo(1);
        assertThat(reinstatementsOf(forGood)).isZero();
        assertThat(sweeper.sweep()).as("a second sweep finds nothing left").isZero();
        assertThat(client.login(getUser(timed).getEmail(), PASSWORD).getUser().getStatus())
                .isEqualTo(UserStatus.USER_STATUS_ACTIVE);
    }

    @Test
    void signInAfterTheEndSucceedsBeforeAnySweep() {
        LoginResponse student = client.newStudent("lazy");
        String userId = student.getUser().getUserId();
        suspend(userId, Instant.now().plus(Duration.ofDays(1)));
        // Time passes for this account only: its end moves behind the service's clock (the sweep is an hour away).
        jdbc.update("update users set suspended_until = now() - interval '1 minute' where id = ?", UUID.fromString(userId));

        LoginResponse again = client.login(student.getUser().getEmail(), PASSWORD);

        assertThat(again.getUser().getStatus()).isEqualTo(UserStatus.USER_STATUS_ACTIVE);
        assertThat(again.getUser().hasSuspendUntil()).isFalse();
        assertThat(reinstatementsOf(userId)).isEqualTo(1);
    }

    @Test
    void adminsReadAnotherAccountWithItsStatusRolesAndEnd() {
        LoginResponse student = client.newStudent("read");
        String userId = student.getUser().getUserId();
        Instant until = Instant.now().plus(Duration.ofDays(3));
        suspend(userId, until);

        User read = getUser(userId);

        assertThat(read.getUserId()).isEqualTo(userId);
        assertThat(read.getEmail()).isEqualTo(student.getUser().getEmail());
        assertThat(read.getRolesList()).containsExactly(Role.ROLE_STUDENT);
        assertThat(read.getStatus()).isEqualTo(UserStatus.USER_STATUS_SUSPENDED);
        assertThat(read.getSuspendUntil()).isEqualTo(timestamp(until));
    }

    @Test
    void onlyAdminsReadAccountsAndAnUnknownIdIsNotFound() {
        LoginResponse student = client.newStudent("nosy");
        LoginResponse other = client.newStudent("other");
        var asStudent = client.as(student.getTokens().getAccessToken());

        StatusRuntimeException denied = failure(() -> asStudent.getUser(
                GetUserRequest.newBuilder().setUserId(other.getUser().getUserId()).build()));
        StatusRuntimeException ownByStudent = failure(() -> asStudent.getUser(
                GetUserRequest.newBuilder().setUserId(student.getUser().getUserId()).build()));
        StatusRuntimeException unknown = failure(() -> getUser(UUID.randomUUID().toString()));
        StatusRuntimeException malformed = failure(() -> getUser("not-a-uuid"));

        assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(ownByStudent.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(reason(unknown)).isEqualTo("USER_NOT_FOUND");
        assertThat(malformed.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    private User suspend(String userId, Instant until) {
        return asAdmin.suspendUser(SuspendUserRequest.newBuilder()
                .setUserId(userId).setReason("cooling off").setUntil(timestamp(until)).build()).getUser();
    }

    private User getUser(String userId) {
        return asAdmin.getUser(GetUserRequest.newBuilder().setUserId(userId).build()).getUser();
    }

    /** UserReinstated events of the account waiting in the outbox (the relay is off in these tests). */
    private int reinstatementsOf(String userId) {
        return jdbc.queryForObject("select count(*) from cohort_events.outbox where topic = ? and record_key = ?"
                + " and event_type like '%UserReinstated'", Integer.class, IdentityEvents.TOPIC, userId);
    }

    /** As the service keeps it: to the microsecond. */
    private static Timestamp timestamp(Instant time) {
        Instant instant = time.truncatedTo(ChronoUnit.MICROS);
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
