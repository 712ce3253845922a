package dev.cohort.identity.domain;

import java.util.Objects;

/**
 * An e-mail identity sends about an account (verification, password reset), in plain text and HTML.
 * {@link #toString()} never shows the address or the bodies: they hold personal data and the link's token.
 */
public record AccountEmail(String recipient, String subject, String text, String html) {

    public AccountEmail {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }

    @Override
    public String toString() {
        return "AccountEmail[subject=" + subject + "]";
    }
}
