package dev.cohort.chat.domain;

import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;

/** Mentions must lie inside their text (positions in code points, as clients count characters). */
public final class MentionRules {

    private MentionRules() {
    }

    /** Throws INVALID_ARGUMENT (INVALID_MENTION) naming every mention outside {@code text}. */
    public static void requireInside(String text, List<Mention> mentions) {
        int codePoints = text.codePointCount(0, text.length());
        List<FieldViolation> outside = new ArrayList<>();
        for (int i = 0; i < mentions.size(); i++) {
            if (!mentions.get(i).fitsIn(codePoints)) {
                outside.add(new FieldViolation("mentions[" + i + "]",
                        "the mention ends after the text's " + codePoints + " characters"));
            }
        }
        if (!outside.isEmpty()) {
            throw new InvalidArgumentException("INVALID_MENTION", outside);
        }
    }
}
