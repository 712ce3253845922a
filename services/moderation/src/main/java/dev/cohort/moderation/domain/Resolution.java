package dev.cohort.moderation.domain;

import dev.cohort.grpc.common.errors.InvalidArgumentException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A moderator's decision on a report, checked against what was reported: a message can only be removed from a
 * message report, and a suspension's duration goes with a suspension only (none means for good).
 *
 * @param outcome    what to do
 * @param note       why (required)
 * @param suspension how long a suspension lasts; null for good, and for other outcomes
 */
public record Resolution(ReportOutcome outcome, String note, Duration suspension) {

    public Resolution {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(note, "note");
        if (suspension != null && outcome != ReportOutcome.SUSPENDED) {
            throw InvalidArgumentException.of("SUSPENSION_NOT_FOR_OUTCOME", "suspension",
                    "a duration goes only with outcome SUSPENDED");
        }
    }

    /** Refuses an outcome that does not fit what was reported. */
    public void requireFits(ReportSubject subject) {
        if (outcome == ReportOutcome.MESSAGE_REMOVED && subject != ReportSubject.MESSAGE) {
            throw InvalidArgumentException.of("NOT_A_MESSAGE_REPORT", "outcome",
                    "only a message report can be resolved by removing the message");
        }
    }

    /** When a suspension for a time ends, counted from {@code now}; empty for good or for other outcomes. */
    public Optional<Instant> suspendedUntil(Instant now) {
        return Optional.ofNullable(suspension).map(now::plus);
    }
}
