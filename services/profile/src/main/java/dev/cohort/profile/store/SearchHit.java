package dev.cohort.profile.store;

/** A person found by a search, and where they stand in its order ({@link SearchRank}). */
public record SearchHit(ProfileRow profile, SearchRank rank) {
}
