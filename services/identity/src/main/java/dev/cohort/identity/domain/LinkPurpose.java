package dev.cohort.identity.domain;

import java.time.Duration;

/**
 * What a single-use link sent by e-mail is for. Both live 30 minutes: long enough to reach an inbox and be opened,
 * short enough that an old mail found later opens nothing.
 */
public enum LinkPurpose {
    /** Proves the address belongs to the account. */
    VERIFY_EMAIL("cv_"),
    /** Lets the address's owner set a new password. */
    RESET_PASSWORD("cr_");

    public static final Duration LIFETIME = Duration.ofMinutes(30);

    private final String tokenPrefix;

    LinkPurpose(String tokenPrefix) {
        this.tokenPrefix = tokenPrefix;
    }

    /** Tokens say what they are (like refresh tokens), which helps secret scanners and support alike. */
    public String tokenPrefix() {
        return tokenPrefix;
    }
}
