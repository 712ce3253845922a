package dev.cohort.bench.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The words messages are made of, drawn by Zipf's law as in real text: a few hundred real words of student chat
 * (the most frequent first, with some stop words among them), then a long tail of made-up words from syllables, so
 * that a query for a common word matches a large share of the corpus and one for a rare word a handful.
 */
final class Vocabulary {

    private static final String[] COMMON = ("the to and is for of in on lecture exam assignment deadline week "
            + "question answer group project notes slides lab tutorial homework quiz review midterm final grade "
            + "professor course section reading chapter problem solution due submit tomorrow today meeting library "
            + "study class room office hours online code bug test data function program algorithm graph tree "
            + "network database query index model theory proof example exercise report essay draft feedback paper "
            + "presentation schedule calendar room building campus coffee lunch break team partner discussion forum "
            + "thread message channel link video recording zoom whiteboard formula equation matrix vector integral "
            + "derivative probability statistics experiment sample result analysis method design system memory "
            + "process thread server client protocol packet routing security encryption compiler parser grammar "
            + "history philosophy psychology biology chemistry physics economics marketing finance accounting law "
            + "music literature poetry novel language translation grammar vocabulary pronunciation essay citation "
            + "reference bibliography plagiarism extension absence sick appointment registration enrolment "
            + "scholarship internship career interview resume portfolio semester term holiday vacation weekend "
            + "morning evening night late early again still maybe please thanks sorry help confused stuck works "
            + "broken fixed updated shared posted uploaded downloaded printed scanned signed checked missed learned "
            + "understand explain remember forget finish start continue prepare practice revise compare summarise "
            + "calculate measure observe predict estimate approximate simplify optimise implement debug deploy").split(" ");
    private static final String[] SYLLABLES = ("ka lo mi ra te su vo ne pa li do ren sha tor vin gal mek bru "
            + "fen cor dal tis ob ul ex ar ing ment ion ple stra quo zy").split(" ");

    final String[] words;
    private final double[] cumulative;

    private Vocabulary(String[] words) {
        this.words = words;
        this.cumulative = new double[words.length];
        double sum = 0;
        for (int rank = 0; rank < words.length; rank++) {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < words.length; rank++) {
            cumulative[rank] /= sum;
        }
    }

    /** The real words, then {@code madeUp} made-up ones (deterministic). */
    static Vocabulary of(int madeUp) {
        Set<String> all = new LinkedHashSet<>(Arrays.asList(COMMON));
        SplittableRandom random = new SplittableRandom(11);
        while (all.size() < COMMON.length + madeUp) {
            StringBuilder word = new StringBuilder();
            int syllables = 2 + random.nextInt(3);
            for (int s = 0; s < syllables; s++) {
                word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            all.add(word.toString());
        }
        return new Vocabulary(all.toArray(String[]::new));
    }

    /** A word drawn by Zipf's law (rank r with probability proportional to 1/r). */
    String draw(SplittableRandom random) {
        int at = Arrays.binarySearch(cumulative, random.nextDouble());
        return words[Math.min(words.length - 1, at < 0 ? -at - 1 : at)];
    }

    /** A message of {@code min} to {@code max} words. */
    String sentence(SplittableRandom random, int min, int max) {
        int count = min + random.nextInt(max - min + 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(draw(random));
        }
        return text.toString();
    }

    /** The words of rank {@code from} (inclusive) to {@code to} (exclusive), skipping stop words. */
    List<String> ranks(int from, int to) {
        List<String> chosen = new ArrayList<>();
        for (int rank = from; rank < Math.min(to, words.length); rank++) {
            if (words[rank].length() > 3) {
                chosen.add(words[rank]);
            }
        }
        return chosen;
    }
}
