package dev.cohort.identity.mail;

import dev.cohort.identity.store.AccountTokenStore;
import dev.cohort.identity.store.OutgoingMailStore;
import dev.cohort.mail.MailDeliveryException;
import dev.cohort.mail.Mailer;
import dev.cohort.mail.OutgoingMail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the e-mails queued in {@code outgoing_mail} (ADR 0052). Woken after each commit that queued one, and every
 * {@code pollInterval} for retries and for what another replica left. Each round locks the due rows (other replicas
 * skip them), sends them one by one and deletes each once the SMTP server accepted it: at least once, since a crash
 * between the server's acceptance and the delete sends that e-mail again. A refused e-mail is tried again after
 * {@code firstRetry} (10 s by default), doubling up to an hour, {@code maxAttempts} times; a permanent refusal (5xx, a bad address) drops it at once.
 * Logs name the row, never the address or the content (the link's token is in it).
 */
public class MailRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MailRelay.class);
    private static final int BATCH = 20;
    private static final Duration LAST_RETRY = Duration.ofHours(1);
    /** Tokens are kept a day past expiry (for support questions), then forgotten. */
    private static final Duration TOKEN_MEMORY = Duration.ofDays(1);

    private final OutgoingMailStore queue;
    private final AccountTokenStore tokens;
    private final Optional<Mailer> mailer;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration firstRetry;
    private final int maxAttempts;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile Thread worker;
    private volatile boolean running;

    /** {@code mailer} empty: no SMTP server is configured; e-mails stay queued and the start says so. */
    public MailRelay(OutgoingMailStore queue, AccountTokenStore tokens, Optional<Mailer> mailer,
                     TransactionTemplate transactions,
                     Clock clock, Duration pollInterval, Duration firstRetry, int maxAttempts) {
        this.queue = queue;
        this.tokens = tokens;
        this.mailer = mailer;
        this.transactions = transactions;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.firstRetry = firstRetry;
        this.maxAttempts = maxAttempts;
    }

    /** Something was queued: send it now rather than at the next poll. */
    public void wake() {
        wakeups.release();
    }

    @Override
    public void start() {
        running = true;
        if (mailer.isEmpty()) {
            log.warn("cohort.mail.host is not set: verification and password-reset e-mails stay queued in "
                    + "outgoing_mail, unsent");
            return;
        }
        Thread thread = new Thread(this::loop, "identity-mail-relay");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread current = worker;
        if (current != null) {
            current.interrupt();
            try {
                current.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        Instant nextCleanup = clock.instant();
        while (running) {
            try {
                while (running && sendDue() == BATCH) {
                    // A full batch: more may be due.
                }
                if (!clock.instant().isBefore(nextCleanup)) {
                    tokens.deleteExpiredBefore(clock.instant().minus(TOKEN_MEMORY));
                    nextCleanup = clock.instant().plus(Duration.ofHours(1));
                }
                wakeups.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
            } catch (InterruptedException interrupted) {
                return;
            } catch (RuntimeException failed) {
                // The database is away, most likely: the rows wait, and the next round tries again.
                log.atWarn().setCause(failed).log("mail relay round failed; retrying at the next round");
                try {
                    Thread.sleep(pollInterval.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** One round: sends what is due and answers how many rows it handled. */
    int sendDue() {
        Integer handled = transactions.execute(status -> {
            Instant now = clock.instant();
            List<OutgoingMailStore.Queued> due = queue.lockDue(now, BATCH);
            due.forEach(row -> send(row, now));
            return due.size();
        });
        return handled == null ? 0 : handled;
    }

    private void send(OutgoingMailStore.Queued row, Instant now) {
        try {
            mailer.orElseThrow().send(new OutgoingMail(row.email().recipient(), row.email().subject(), row.email().text(),
                    row.email().html(), "identity-" + row.id() + "@cohort", Map.of()));
            queue.delete(row.id());
        } catch (MailDeliveryException refused) {
            int attempts = row.attempts() + 1;
            if (refused.permanent() || attempts >= maxAttempts) {
                log.atError().addKeyValue("mailId", row.id()).addKeyValue("attempts", attempts)
                        .addKeyValue("permanent", refused.permanent())
                        .log("dropping an account e-mail the SMTP server would not accept");
                queue.delete(row.id());
                return;
            }
            Duration wait = backoff(firstRetry, attempts);
            log.atWarn().addKeyValue("mailId", row.id()).addKeyValue("attempts", attempts)
                    .addKeyValue("retryIn", wait).log("SMTP server did not accept an account e-mail; will retry");
            queue.retryLater(row.id(), now.plus(wait));
        }
    }

    static Duration backoff(Duration firstRetry, int attempts) {
        Duration wait = firstRetry.multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait;
    }
}
