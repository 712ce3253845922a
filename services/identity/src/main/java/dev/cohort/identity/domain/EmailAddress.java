package dev.cohort.identity.domain;

import java.util.Locale;

/** E-mail addresses are compared case-insensitively: we keep them trimmed and lower-cased. */
public final class EmailAddress {

    private EmailAddress() {
    }

    public static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** The part before the {@code @}, used to refuse passwords built from it. */
    public static String localPart(String normalisedEmail) {
        int at = normalisedEmail.indexOf('@');
        return at < 0 ? normalisedEmail : normalisedEmail.substring(0, at);
    }
}
