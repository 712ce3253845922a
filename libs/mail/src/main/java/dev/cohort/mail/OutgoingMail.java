package dev.cohort.mail;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One e-mail to one recipient, in plain text and HTML (sent as {@code multipart/alternative}: clients show the HTML,
 * and the text where HTML is off).
 *
 * @param to        the recipient's address
 * @param subject   the subject line
 * @param text      the plain-text body
 * @param html      the HTML body
 * @param messageId the {@code Message-ID} without angle brackets, e.g. {@code notification-42@cohort}: the caller
 *                  chooses it so that a message sent again after a lost reply can be recognised as the same one
 * @param headers   further headers, e.g. {@code List-Unsubscribe}; names must be plain header names
 */
public record OutgoingMail(String to, String subject, String text, String html, String messageId,
                           Map<String, String> headers) {
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]+");
    private static final Pattern MESSAGE_ID = Pattern.compile("[^<>\\s@]+@[^<>\\s@]+");

    public OutgoingMail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(messageId, "messageId");
        if (!MESSAGE_ID.matcher(messageId).matches()) {
            throw new IllegalArgumentException("a Message-ID is left@right without brackets or spaces: " + messageId);
        }
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            // A line break in a header would let text become headers of its own.
            throw new IllegalArgumentException("a subject is one line");
        }
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        headers.forEach((name, value) -> {
            if (!HEADER_NAME.matcher(name).matches() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("not a plain one-line header: " + name);
            }
        });
    }

    /** Never prints the address or the bodies (they are personal data). */
    @Override
    public String toString() {
        return "OutgoingMail[messageId=" + messageId + "]";
    }
}
