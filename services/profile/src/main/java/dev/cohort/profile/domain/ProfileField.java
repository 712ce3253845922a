package dev.cohort.profile.domain;

import java.util.Arrays;
import java.util.Optional;

/** A profile field its owner may change, by its path in an update mask (the contract's field name). */
public enum ProfileField {
    DISPLAY_NAME("display_name"),
    PRONOUNS("pronouns"),
    BIO("bio"),
    PROGRAM("program"),
    YEAR_OF_STUDY("year_of_study"),
    LINKS("links");

    private final String path;

    ProfileField(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    public static Optional<ProfileField> ofPath(String path) {
        return Arrays.stream(values()).filter(field -> field.path.equals(path)).findFirst();
    }
}
