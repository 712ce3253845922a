package dev.cohort.events.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the relay when rows are appended: the outbox table notifies {@value #CHANNEL} once per committing
 * transaction that inserted into it (a statement trigger; PostgreSQL folds identical notifications of one
 * transaction and delivers them only on commit), and this listener, on one connection of its own, turns each
 * notification into {@link OutboxRelay#wake()}. Without it the relay would only find new rows at its next poll.
 * When the connection breaks it reconnects after a pause and wakes the relay once, for anything it missed.
 */
public final class OutboxWakeups implements AutoCloseable {

    /** The notification channel of the outbox (per database, as PostgreSQL scopes channels). */
    public static final String CHANNEL = "cohort_outbox";
    private static final Logger log = LoggerFactory.getLogger(OutboxWakeups.class);
    /** How long one wait for notifications blocks, so that {@link #close()} is noticed promptly. */
    private static final int WAIT_MILLIS = 500;

    private final DataSource dataSource;
    private final Runnable wake;
    private final Duration reconnectPause;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread listener;
    private volatile boolean running;

    public OutboxWakeups(DataSource dataSource, Runnable wake, Duration reconnectPause) {
        this.dataSource = dataSource;
        this.wake = wake;
        this.reconnectPause = reconnectPause;
        this.listener = new Thread(this::listenUntilClosed, "outbox-wakeups");
        this.listener.setDaemon(true);
    }

    public void start() {
        running = true;
        listener.start();
    }

    private void listenUntilClosed() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                PGConnection postgres;
                try {
                    postgres = connection.unwrap(PGConnection.class);
                } catch (SQLException notPostgres) {
                    log.info("the outbox's database is not PostgreSQL: the relay finds new rows by polling only");
                    return;
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + CHANNEL);
                }
                wake.run(); // whatever was appended while not listening
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        wake.run();
                    }
                }
            } catch (SQLException | RuntimeException broken) {
                if (running) {
                    log.atWarn().addKeyValue("retryInMs", reconnectPause.toMillis())
                            .log("outbox wake-ups lost their connection ({}); the relay polls meanwhile", broken.getMessage());
                    pause();
                }
            }
        }
    }

    private void pause() {
        try {
            closing.await(reconnectPause.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        closing.countDown();
        try {
            listener.join(WAIT_MILLIS * 4L);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
