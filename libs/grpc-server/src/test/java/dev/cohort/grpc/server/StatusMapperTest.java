package dev.cohort.grpc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import dev.cohort.grpc.common.errors.UnavailableException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisLoadingException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.RedisTryAgainException;
import org.redisson.client.WriteRedisConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class StatusMapperTest {

    static final String SECRET = "jdbc:postgresql://db.internal:5432/cohort password=hunter2";
    final StatusMapper mapper = new StatusMapper("test.cohort.dev");

    @Test
    void answersAReplicaThatCannotTakeTheCallNowWithUnavailableAndItsReason() throws Exception {
        StatusException status = mapper.map(new UnavailableException("SHUTTING_DOWN", "restarting; try again"))
                .orElseThrow();

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        ErrorInfo info = StatusProto.fromThrowable(status).getDetails(0).unpack(ErrorInfo.class);
        assertThat(info.getReason()).isEqualTo("SHUTTING_DOWN");
        assertThat(info.getDomain()).isEqualTo("test.cohort.dev");
    }

    static Stream<Throwable> outages() {
        return Stream.of(
                // Spring's data access and transactions
                new DataAccessResourceFailureException(SECRET),
                new CannotGetJdbcConnectionException(SECRET, new SQLException(SECRET, "08001")),
                new CannotCreateTransactionException(SECRET,
                        new SQLTransientConnectionException("HikariPool-1 - Connection is not available " + SECRET)),
                // JDBC, also wrapped by whatever called the driver
                new SQLTransientConnectionException(SECRET),
                new SQLTimeoutException(SECRET),
                new SQLRecoverableException(SECRET),
                new SQLException(SECRET, "08006"),
                new IllegalStateException(SECRET, new SQLException(SECRET, "08001")),
                new UncategorizedSQLException("insert", "insert into x", new SQLException(SECRET, "57P01")),
                new SQLException(SECRET, "57P02"),
                new SQLException(SECRET, "57P03"),
                // Redis through Redisson (libs/redis), also inside a future's exception
                new RedisConnectionException(SECRET),
                new WriteRedisConnectionException(SECRET),
                new RedisTimeoutException(SECRET),
                new RedisResponseTimeoutException(SECRET),
                new RedisLoadingException(SECRET),
                new RedisTryAgainException(SECRET),
                new RedisNodeNotFoundException(SECRET),
                new CompletionException(new RedisTimeoutException(SECRET)),
                // what Redisson reports for a command while Redis is stopped
                new RedisException("Unexpected exception while processing command",
                        new ConnectException("Connection refused: " + SECRET)));
    }

    @ParameterizedTest
    @MethodSource("outages")
    void answersABackingServerThatIsDownOrTooSlowWithRetryableUnavailableAndNoInternals(Throwable outage)
            throws Exception {
        assertThat(mapper.isTransientOutage(outage)).isTrue();
        StatusException status = mapper.map(outage).orElseThrow();

        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getStatus().getDescription()).doesNotContain("hunter2", "jdbc", "Hikari", "internal");
        ErrorInfo info = StatusProto.fromThrowable(status).getDetails(0).unpack(ErrorInfo.class);
        assertThat(info.getReason()).isEqualTo(StatusMapper.TEMPORARILY_UNAVAILABLE);
        assertThat(info.getDomain()).isEqualTo("test.cohort.dev");
        assertThat(info.getMetadataMap()).isEmpty();
    }

    static Stream<Throwable> bugsAndRefusals() {
        return Stream.of(
                new IllegalStateException(SECRET),
                new NullPointerException(),
                new SQLException(SECRET, "23505"), // unique violation: retrying cannot help
                new SQLException(SECRET, "42P01"), // undefined table: a bug
                new SQLException(SECRET), // no state
                new DuplicateKeyException(SECRET),
                new DataIntegrityViolationException(SECRET, new SQLException(SECRET, "23503")));
    }

    @ParameterizedTest
    @MethodSource("bugsAndRefusals")
    void leavesEverythingElseToTheGenericInternalAnswer(Throwable error) {
        assertThat(mapper.isTransientOutage(error)).isFalse();
        assertThat(mapper.map(error)).isEmpty();
    }

    @Test
    void seesTheOutageThatAFailedRollbackHides() {
        // What chat's send threw while PostgreSQL restarted (reliability scenario 6): the statement failed with
        // 57P01, and the rollback then failed on Hikari's closed connection with a bare SQLException.
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new DataAccessResourceFailureException(SECRET,
                new SQLException("FATAL: terminating connection due to administrator command", "57P01")));
        TransactionSystemException afterABug = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        afterABug.initApplicationException(new IllegalStateException(SECRET));

        assertThat(mapper.map(rollbackFailed).orElseThrow().getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(mapper.map(afterABug)).isEmpty();
    }

    @Test
    void followsCausesWithoutLoopingForever() {
        RuntimeException first = new RuntimeException("a");
        RuntimeException second = new RuntimeException("b", first);
        first.initCause(second);

        assertThat(mapper.map(first)).isEmpty();
    }
}
