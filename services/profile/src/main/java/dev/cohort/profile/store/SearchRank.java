package dev.cohort.profile.store;

import java.util.UUID;

/**
 * Where a person stands in a search's order (ADR 0070): by tier first (0 the viewer's classmates, 1 open profiles
 * whose name starts with what was typed, 2 the other open profiles matching it), then by the lower-case name in
 * byte order, then by user id. Also the keyset position a next page starts after.
 */
public record SearchRank(int tier, String nameKey, UUID userId) {
}
