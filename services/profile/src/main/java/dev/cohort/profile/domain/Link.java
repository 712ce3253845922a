package dev.cohort.profile.domain;

import java.util.Objects;

/** A link shown on a profile: what it is and where it leads (an http or https URL, checked by the contract). */
public record Link(String label, String url) {

    public Link {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(url, "url");
    }
}
