package dev.cohort.identity.store;

import dev.cohort.identity.domain.AccountEmail;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Identity's outgoing e-mails, written in the transaction of the change that causes them and deleted once an SMTP
 * server accepted them (ADR 0052).
 */
public class OutgoingMailStore {

    /** A queued e-mail and how often sending it failed so far. */
    public record Queued(long id, AccountEmail email, int attempts) {
    }

    private final JdbcTemplate jdbc;

    public OutgoingMailStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void enqueue(AccountEmail email, Instant now) {
        jdbc.update("insert into outgoing_mail (recipient, subject, text_body, html_body, created_at, next_attempt_at) "
                        + "values (?, ?, ?, ?, ?, ?)",
                email.recipient(), email.subject(), email.text(), email.html(), Timestamp.from(now), Timestamp.from(now));
    }

    /**
     * Up to {@code limit} e-mails due now, locked for this transaction; rows another replica is sending are skipped,
     * so two relays never send the same row at the same time.
     */
    public List<Queued> lockDue(Instant now, int limit) {
        return jdbc.query("select id, recipient, subject, text_body, html_body, attempts from outgoing_mail "
                        + "where next_attempt_at <= ? order by id limit ? for update skip locked",
                (row, i) -> new Queued(row.getLong("id"), new AccountEmail(row.getString("recipient"),
                        row.getString("subject"), row.getString("text_body"), row.getString("html_body")),
                        row.getInt("attempts")),
                Timestamp.from(now), limit);
    }

    public void delete(long id) {
        jdbc.update("delete from outgoing_mail where id = ?", id);
    }

    public void retryLater(long id, Instant next) {
        jdbc.update("update outgoing_mail set attempts = attempts + 1, next_attempt_at = ? where id = ?",
                Timestamp.from(next), id);
    }

    /** How long the oldest queued e-mail has waited: zero when none waits. */
    public Duration oldestAge(Instant now) {
        Timestamp oldest = jdbc.queryForObject("select min(created_at) from outgoing_mail", Timestamp.class);
        return oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), now);
    }
}
