package dev.cohort.course.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a person typed into the course search, taken apart for the three ways it is matched:
 * <ul>
 *   <li>{@link #compact()}: letters and digits only, lower-cased ({@code "CPSC 310"} and {@code "cpsc310"} both
 *       give {@code cpsc310}), compared with the course code written the same way;</li>
 *   <li>{@link #allWordsQuery()} / {@link #anyWordQuery()}: PostgreSQL {@code tsquery} text in which every word is
 *       a prefix ({@code intro:*}), so {@code intro} finds {@code Introduction};</li>
 *   <li>{@link #text()}: the lower-cased words, for trigram similarity with titles (typos).</li>
 * </ul>
 * Words are reduced to letters and digits, which also makes the tsquery text safe to pass to {@code to_tsquery}.
 */
public final class SearchQuery {

    /** Only the first words count: enough for any real query, and it bounds the work per search. */
    static final int MAX_WORDS = 8;

    private final List<String> words;
    private final String compact;

    private SearchQuery(List<String> words) {
        this.words = List.copyOf(words);
        this.compact = String.join("", words);
    }

    public static SearchQuery parse(String typed) {
        List<String> words = new ArrayList<>();
        for (String part : typed.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!part.isEmpty() && words.size() < MAX_WORDS) {
                words.add(part);
            }
        }
        return new SearchQuery(words);
    }

    /** Nothing to search for: list instead. */
    public boolean isEmpty() {
        return words.isEmpty();
    }

    public List<String> words() {
        return words;
    }

    /** The words run together: {@code cpsc310}. */
    public String compact() {
        return compact;
    }

    /** The words separated by single spaces: {@code intro algorithms}. */
    public String text() {
        return String.join(" ", words);
    }

    /** Every word as a prefix: {@code intro:* & algorithms:*}. */
    public String allWordsQuery() {
        return join(" & ");
    }

    /** Any word as a prefix: {@code intro:* | algorithms:*}. */
    public String anyWordQuery() {
        return join(" | ");
    }

    private String join(String operator) {
        return String.join(operator, words.stream().map(word -> word + ":*").toList());
    }
}
