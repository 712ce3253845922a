package dev.cohort.grpc.server;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises a failure that says a backing server (the database, Redis) is down, refusing connections or not
 * answering in time, as opposed to a bug: such a call can succeed when tried again, so it is answered UNAVAILABLE,
 * the code clients and the platform's retry policy retry, never INTERNAL.
 *
 * <p>Library types are recognised by class name anywhere in the exception's class hierarchy, so this library needs
 * neither Spring's data access nor Redisson on its classpath; the failure's causes are searched too, as drivers and
 * frameworks wrap one another's exceptions (Spring's {@code CannotCreateTransactionException} around Hikari's
 * {@code SQLTransientConnectionException} around the driver's connection refusal), and so is the failure that a
 * failed rollback hides.
 */
final class TransientOutages {

    /** Spring's data-access and transaction exceptions for a resource that is unreachable or briefly unusable. */
    private static final Set<String> SPRING = Set.of(
            "org.springframework.dao.DataAccessResourceFailureException", // incl. CannotGetJdbcConnectionException,
                                                                           // Spring Data Redis' connection failures
            "org.springframework.dao.TransientDataAccessResourceException",
            "org.springframework.dao.RecoverableDataAccessException",
            "org.springframework.transaction.CannotCreateTransactionException");

    /** Redisson's (libs/redis) exceptions for a Redis that is unreachable, too slow, or says "try again". */
    private static final Set<String> REDISSON = Set.of(
            "org.redisson.client.RedisConnectionException", // incl. WriteRedisConnectionException
            "org.redisson.client.RedisTimeoutException", // incl. RedisResponseTimeoutException
            "org.redisson.client.RedisRetryException", // LOADING, BUSY, TRYAGAIN, MASTERDOWN, CLUSTERDOWN, ...
            "org.redisson.client.RedisNodeNotFoundException",
            "org.redisson.client.RedisReconnectedException");

    /** PostgreSQL's "the server is going away": admin shutdown, crash shutdown, cannot connect now. */
    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");
    private static final int MAX_CAUSES = 16;

    private TransientOutages() {
    }

    /**
     * A rollback that failed after the real failure (the connection was already gone, so Hikari's closed
     * connection refuses the rollback with a bare "Connection is closed") replaces that failure: Spring's
     * TransactionTemplate throws the rollback's {@code TransactionSystemException} and keeps the real one as its
     * application exception.
     */
    private static final String TRANSACTION_SYSTEM_EXCEPTION = "org.springframework.transaction.TransactionSystemException";

    /** True when the error, one of its causes, or a failure it hides says a backing server is briefly unavailable. */
    static boolean isTransient(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> toLookAt = new ArrayDeque<>(List.of(error));
        while (!toLookAt.isEmpty() && seen.size() < MAX_CAUSES) {
            Throwable current = toLookAt.poll();
            if (!seen.add(current)) {
                continue;
            }
            if (itself(current)) {
                return true;
            }
            if (current.getCause() != null) {
                toLookAt.add(current.getCause());
            }
            applicationExceptionOf(current).ifPresent(toLookAt::add);
        }
        return false;
    }

    /** The failure a failed rollback hides (see {@link #TRANSACTION_SYSTEM_EXCEPTION}), read without spring-tx. */
    private static Optional<Throwable> applicationExceptionOf(Throwable error) {
        if (!hasType(error, Set.of(TRANSACTION_SYSTEM_EXCEPTION))) {
            return Optional.empty();
        }
        try {
            Object hidden = error.getClass().getMethod("getApplicationException").invoke(error);
            return hidden instanceof Throwable original ? Optional.of(original) : Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static boolean itself(Throwable error) {
        // A refused or timed-out connection to whichever server (Redisson reports one inside a bare RedisException).
        if (error instanceof ConnectException) {
            return true;
        }
        if (error instanceof SQLTransientException || error instanceof SQLRecoverableException) {
            return true;
        }
        if (error instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            // Class 08: connection exception (refused, broken, cannot establish).
            if (state.startsWith("08") || SERVER_GOING_AWAY.contains(state)) {
                return true;
            }
        }
        return hasType(error, SPRING) || hasType(error, REDISSON);
    }

    /** Whether the error's class or one of its superclasses has one of these names. */
    private static boolean hasType(Throwable error, Set<String> names) {
        for (Class<?> type = error.getClass(); type != null && type != Throwable.class; type = type.getSuperclass()) {
            if (names.contains(type.getName())) {
                return true;
            }
        }
        return false;
    }
}
