package dev.cohort.profile.store;

/** A person found by a search, and how well they matched (higher first; classmates score above everyone else). */
public record SearchHit(ProfileRow profile, double score) {
}
