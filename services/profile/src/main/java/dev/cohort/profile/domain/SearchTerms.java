package dev.cohort.profile.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What someone typed into people search, as lower-case words of letters and digits only ({@link #text()}): the
 * database matches each as a prefix of a word of the name or program (correcting misspelled ones) and the whole
 * text as the start of a name (ADR 0070). Nothing else survives, so the text is safe to build a query from.
 */
public final class SearchTerms {

    /** Only the first words count: enough for a name and a program, and it bounds the work per search. */
    static final int MAX_WORDS = 6;
    /** Longer words are cut: nobody types more of one word before the answer narrows. */
    static final int MAX_WORD_LENGTH = 40;

    private final List<String> words;

    private SearchTerms(List<String> words) {
        this.words = List.copyOf(words);
    }

    public static SearchTerms parse(String typed) {
        List<String> words = new ArrayList<>();
        for (String part : typed.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!part.isEmpty() && words.size() < MAX_WORDS) {
                words.add(part.length() > MAX_WORD_LENGTH ? part.substring(0, MAX_WORD_LENGTH) : part);
            }
        }
        return new SearchTerms(words);
    }

    /** Nothing searchable was typed (only punctuation): nobody matches. */
    public boolean isEmpty() {
        return words.isEmpty();
    }

    /** The words, lower-cased, separated by single spaces: {@code ada lov}. */
    public String text() {
        return String.join(" ", words);
    }
}
