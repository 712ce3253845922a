package dev.cohort.notification.config;

import dev.cohort.notification.app.EmailDispatch;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Looks for due e-mails every {@code every} on one thread, from start until stop. */
final class EmailPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmailPoller.class);

    private final EmailDispatch dispatch;
    private final Duration every;
    private volatile ScheduledExecutorService timer;

    EmailPoller(EmailDispatch dispatch, Duration every) {
        this.dispatch = dispatch;
        this.every = every;
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "notification-email");
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::poll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        timer = started;
    }

    private void poll() {
        try {
            dispatch.sendDue();
        } catch (RuntimeException failed) {
            // The database away: the rows wait, and the next poll tries again.
            log.atWarn().setCause(failed).log("due e-mails could not be sent now");
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = timer;
        timer = null;
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
