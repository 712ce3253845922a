package dev.cohort.bench.search;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What people type into the search box, drawn from the corpus's own words: 35 % one common word (matching up to a
 * few percent of all messages), 20 % a word of middling frequency, 15 % two words, 10 % a quoted two-word phrase,
 * 10 % a misspelled word (a letter dropped or two swapped) and 10 % a rare word.
 */
final class Queries {

    /** The kinds of query, in the order of the report's breakdown. */
    enum Kind {
        COMMON("one common word"),
        MIDDLING("one middling word"),
        TWO_WORDS("two words"),
        PHRASE("a quoted phrase"),
        MISSPELLING("a misspelling"),
        RARE("one rare word");

        final String described;

        Kind(String described) {
            this.described = described;
        }
    }

    /** One query as typed, and its kind. */
    record Query(Kind kind, String text) {
    }

    private final List<String> common;
    private final List<String> middling;
    private final List<String> rare;

    Queries(Vocabulary vocabulary) {
        this.common = vocabulary.ranks(10, 150);
        this.middling = vocabulary.ranks(150, 2_000);
        this.rare = vocabulary.ranks(5_000, 20_000);
    }

    Query next(SplittableRandom random) {
        int roll = random.nextInt(100);
        if (roll < 35) {
            return new Query(Kind.COMMON, pick(common, random));
        }
        if (roll < 55) {
            return new Query(Kind.MIDDLING, pick(middling, random));
        }
        if (roll < 70) {
            return new Query(Kind.TWO_WORDS, pick(common, random) + " " + pick(middling, random));
        }
        if (roll < 80) {
            return new Query(Kind.PHRASE, "\"" + pick(common, random) + " " + pick(common, random) + "\"");
        }
        if (roll < 90) {
            return new Query(Kind.MISSPELLING, misspelled(pick(random.nextBoolean() ? common : middling, random),
                    random));
        }
        return new Query(Kind.RARE, pick(rare, random));
    }

    String typed(SplittableRandom random) {
        return next(random).text();
    }

    /** The kinds of query, for the report. */
    static String described() {
        return "queries: 35 % a common word, 20 % a middling one, 15 % two words, 10 % a quoted phrase, "
                + "10 % a misspelling, 10 % a rare word";
    }

    private static String pick(List<String> words, SplittableRandom random) {
        return words.get(random.nextInt(words.size()));
    }

    static String misspelled(String word, SplittableRandom random) {
        char[] letters = word.toLowerCase(Locale.ROOT).toCharArray();
        int at = 1 + random.nextInt(Math.max(1, letters.length - 2));
        if (random.nextBoolean() || at + 1 >= letters.length) {
            return word.substring(0, at) + word.substring(Math.min(word.length(), at + 1));
        }
        char swap = letters[at];
        letters[at] = letters[at + 1];
        letters[at + 1] = swap;
        return new String(letters);
    }
}
