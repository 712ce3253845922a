package dev.cohort.moderation.app;

/** The outcome of a check of the whole audit log. */
public record VerificationView(boolean intact, long entriesChecked, long firstBrokenSequence, String problem,
                               String headHash) {
}
