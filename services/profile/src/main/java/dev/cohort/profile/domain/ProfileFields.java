package dev.cohort.profile.domain;

import java.util.List;
import java.util.Objects;

/**
 * The fields of a profile its owner writes. Values are as the contract already checked them (lengths, URLs,
 * no control characters); {@link #normalized()} trims what people type around them.
 */
public record ProfileFields(String displayName, String pronouns, String bio, String program, int yearOfStudy,
                            List<Link> links) {

    public ProfileFields {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(pronouns, "pronouns");
        Objects.requireNonNull(bio, "bio");
        Objects.requireNonNull(program, "program");
        links = List.copyOf(links);
    }

    /** Leading and trailing spaces (and blank lines around a bio) dropped, as stored. */
    public ProfileFields normalized() {
        return new ProfileFields(displayName.strip(), pronouns.strip(), bio.strip(), program.strip(), yearOfStudy,
                links.stream().map(link -> new Link(link.label().strip(), link.url().strip())).toList());
    }

    /** The value of {@code field}, for comparing before and after a change. */
    public Object get(ProfileField field) {
        return switch (field) {
            case DISPLAY_NAME -> displayName;
            case PRONOUNS -> pronouns;
            case BIO -> bio;
            case PROGRAM -> program;
            case YEAR_OF_STUDY -> yearOfStudy;
            case LINKS -> links;
        };
    }

    /** These fields with {@code field} taken from {@code other}. */
    public ProfileFields with(ProfileField field, ProfileFields other) {
        return switch (field) {
            case DISPLAY_NAME -> new ProfileFields(other.displayName, pronouns, bio, program, yearOfStudy, links);
            case PRONOUNS -> new ProfileFields(displayName, other.pronouns, bio, program, yearOfStudy, links);
            case BIO -> new ProfileFields(displayName, pronouns, other.bio, program, yearOfStudy, links);
            case PROGRAM -> new ProfileFields(displayName, pronouns, bio, other.program, yearOfStudy, links);
            case YEAR_OF_STUDY -> new ProfileFields(displayName, pronouns, bio, program, other.yearOfStudy, links);
            case LINKS -> new ProfileFields(displayName, pronouns, bio, program, yearOfStudy, other.links);
        };
    }
}
