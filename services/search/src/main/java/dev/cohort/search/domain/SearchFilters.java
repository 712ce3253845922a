package dev.cohort.search.domain;

import dev.cohort.grpc.common.errors.InvalidArgumentException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * What a search is narrowed to. Each filter belongs to one kind (conversation, author and dates to messages, the
 * course to courses); setting it leaves the other kinds out, since none of their documents could satisfy it.
 *
 * @param kinds        the kinds asked for; empty for all
 * @param conversation only messages of this conversation, or null
 * @param course       only this course, or null
 * @param author       only messages by this user, or null
 * @param postedAfter  only messages posted at or after this instant, or null
 * @param postedBefore only messages posted before this instant, or null
 */
public record SearchFilters(Set<Kind> kinds, UUID conversation, UUID course, UUID author, Instant postedAfter,
                            Instant postedBefore) {

    public static final String INVALID_DATE_RANGE = "INVALID_DATE_RANGE";

    public SearchFilters {
        kinds = kinds.isEmpty() ? EnumSet.allOf(Kind.class) : EnumSet.copyOf(kinds);
        if (postedAfter != null && postedBefore != null && !postedAfter.isBefore(postedBefore)) {
            throw InvalidArgumentException.of(INVALID_DATE_RANGE, "posted_before", "must be after posted_after");
        }
    }

    /** The kinds whose documents can match: those asked for, less those a filter of another kind rules out. */
    public Set<Kind> searchedKinds() {
        EnumSet<Kind> searched = EnumSet.copyOf(kinds);
        if (conversation != null || author != null || postedAfter != null || postedBefore != null) {
            searched.retainAll(EnumSet.of(Kind.MESSAGE));
        }
        if (course != null) {
            searched.retainAll(EnumSet.of(Kind.COURSE));
        }
        return searched;
    }
}
