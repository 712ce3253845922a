package dev.cohort.profile.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What someone typed into people search, taken apart for the two ways it is matched: every word as a prefix of a
 * word of the name or program ({@link #prefixQuery()}, PostgreSQL {@code tsquery} text such as
 * {@code ada:* & lov:*}), and the words as one text for trigram resemblance ({@link #text()}, for typos). Words
 * keep letters and digits only, which also makes the tsquery text safe to hand to {@code to_tsquery}.
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

    /** Every word as a prefix, all required: {@code ada:* & lov:*}. */
    public String prefixQuery() {
        return String.join(" & ", words.stream().map(word -> word + ":*").toList());
    }

    /** {@link #text()} as a LIKE pattern for names starting with it (words hold no LIKE wildcards). */
    public String startsWithPattern() {
        return text() + "%";
    }
}
