package dev.cohort.search.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Text with matched parts marked, as the index's headline function returns it, turned into plain text and the
 * ranges that were marked. The marks are two private-use characters that indexed text never contains
 * ({@link #clean} removes them before indexing), so a person's text cannot forge a highlight.
 */
public final class MarkedText {

    /** Opens a marked range. */
    public static final char START = '\uE000';
    /** Closes a marked range. */
    public static final char STOP = '\uE001';

    private MarkedText() {
    }

    /** A range of code points. */
    public record Range(int start, int length) {
    }

    /** Plain text and the ranges that were marked in it. */
    public record Parsed(String text, List<Range> ranges) {
        public Parsed {
            ranges = List.copyOf(ranges);
        }
    }

    /** {@code text} without the two mark characters: what the index stores. */
    public static String clean(String text) {
        return text.indexOf(START) < 0 && text.indexOf(STOP) < 0 ? text
                : text.replace(String.valueOf(START), "").replace(String.valueOf(STOP), "");
    }

    /** Splits marked text into plain text and its marked ranges (in code points); empty ranges are dropped. */
    public static Parsed parse(String marked) {
        StringBuilder plain = new StringBuilder(marked.length());
        List<Range> ranges = new ArrayList<>();
        int codePoints = 0;
        int openedAt = -1;
        for (int i = 0; i < marked.length(); ) {
            int codePoint = marked.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint == START) {
                openedAt = openedAt < 0 ? codePoints : openedAt;
            } else if (codePoint == STOP) {
                if (openedAt >= 0 && codePoints > openedAt) {
                    ranges.add(new Range(openedAt, codePoints - openedAt));
                }
                openedAt = -1;
            } else {
                plain.appendCodePoint(codePoint);
                codePoints++;
            }
        }
        return new Parsed(plain.toString(), ranges);
    }
}
