package dev.cohort.mail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.mail.*}: which SMTP server mail leaves through, and as whom. The password has no default: it comes
 * from the environment or the secret store ({@code COHORT_MAIL_PASSWORD}); the local stack and tests use an SMTP
 * server without authentication.
 *
 * @param host           the SMTP server; an application given none gets no {@link Mailer}
 * @param port           its port (587 with STARTTLS in production; GreenMail's locally)
 * @param username       login, when the server asks for one
 * @param password       its password
 * @param startTls       require STARTTLS before anything is sent (production relays)
 * @param from           the sender, e.g. {@code Cohort <no-reply@cohort.example>}; required
 * @param connectTimeout longest wait for the connection
 * @param timeout        longest wait for any one SMTP reply (and for writing the message)
 */
@ConfigurationProperties("cohort.mail")
public record CohortMailProperties(
        String host,
        @DefaultValue("25") int port,
        String username,
        String password,
        @DefaultValue("false") boolean startTls,
        String from,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration timeout) {

    public CohortMailProperties {
        host = blankToNull(host);
        username = blankToNull(username);
        password = blankToNull(password);
        from = blankToNull(from);
    }

    /** Stops the start with a message that says what to set, when something required is missing. */
    void requireComplete() {
        if (host == null) {
            throw new IllegalStateException("cohort.mail.host is not set (environment: COHORT_MAIL_HOST)");
        }
        if (from == null) {
            throw new IllegalStateException("cohort.mail.from is not set (environment: COHORT_MAIL_FROM): the "
                    + "address mail is sent from: a display name and an address in angle brackets, "
                    + "as 'Cohort <no-reply at your mail domain>'");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalStateException("cohort.mail.username and cohort.mail.password are set together or not "
                    + "at all (environment: COHORT_MAIL_USERNAME, COHORT_MAIL_PASSWORD)");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "CohortMailProperties[host=" + host + ", port=" + port + ", username=" + username + ", password="
                + (password == null ? "none" : "****") + ", startTls=" + startTls + ", from=" + from
                + ", connectTimeout=" + connectTimeout + ", timeout=" + timeout + "]";
    }
}
