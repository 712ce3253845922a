package dev.cohort.profile.domain;

import java.util.Arrays;
import java.util.Optional;

/** A privacy setting, by its path in an update mask (the contract's field name). */
public enum PrivacyField {
    PROFILE_VISIBILITY("profile_visibility"),
    DIRECT_MESSAGES("direct_messages"),
    CHANNEL_INVITES("channel_invites"),
    SHOW_EMAIL("show_email");

    private final String path;

    PrivacyField(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    public static Optional<PrivacyField> ofPath(String path) {
        return Arrays.stream(values()).filter(field -> field.path.equals(path)).findFirst();
    }
}
