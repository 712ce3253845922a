package dev.cohort.search.app;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which text search configuration a text is indexed with (ADR 0066): the language Lingua detects among the
 * configured ones, each a PostgreSQL configuration of the same name (english, french, german...); {@value #FALLBACK}
 * (no stemming, no stop words) when the text is too short to tell or the detector is unsure, so a short "ok" or a
 * name is never stemmed as if it were a word of the wrong language.
 */
public class TextLanguages {

    /** The configuration of text whose language is not told: words as they are. */
    public static final String FALLBACK = "simple";
    /** Fewer letters than this and a text's language is not guessed (Lingua is unreliable below a few words). */
    static final int MIN_LETTERS = 12;
    /**
     * How far ahead of the runner-up the detected language must be (Lingua's minimum relative distance), else the
     * detector answers UNKNOWN and the text is indexed as is.
     */
    static final double MIN_RELATIVE_DISTANCE = 0.1;

    private final Map<Language, String> configurations = new EnumMap<>(Language.class);
    private final LanguageDetector detector;

    /** @param configurations PostgreSQL text search configurations named like a language Lingua knows */
    public TextLanguages(List<String> configurations) {
        for (String configuration : configurations) {
            Language language;
            try {
                language = Language.valueOf(configuration.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("cohort.search.languages: '" + configuration
                        + "' is not a language the detector knows (use PostgreSQL configurations named like a"
                        + " language: english, french, german, spanish...)");
            }
            this.configurations.put(language, configuration.trim().toLowerCase(Locale.ROOT));
        }
        if (this.configurations.isEmpty()) {
            throw new IllegalArgumentException("cohort.search.languages: at least one language");
        }
        // Only the configured languages are loaded and compared: memory and time grow with their number. Low
        // accuracy mode (trigram models only): 5 MB of heap for four languages instead of 112 MB for all n-gram
        // models, and faster; it is less sure of short texts, which the relative distance turns into UNKNOWN.
        this.detector = this.configurations.size() == 1 ? null
                : LanguageDetectorBuilder.fromLanguages(this.configurations.keySet().toArray(Language[]::new))
                .withMinimumRelativeDistance(MIN_RELATIVE_DISTANCE).withLowAccuracyMode()
                .withPreloadedLanguageModels().build();
    }

    /** The configuration to index {@code text} with. */
    public String of(String text) {
        if (letters(text) < MIN_LETTERS) {
            return FALLBACK;
        }
        if (detector == null) {
            return configurations.values().iterator().next();
        }
        return configurations.getOrDefault(detector.detectLanguageOf(text), FALLBACK);
    }

    /** Every configuration a text may be indexed with, {@value #FALLBACK} included (a query is parsed under each). */
    public Set<String> all() {
        Set<String> all = new LinkedHashSet<>(configurations.values());
        all.add(FALLBACK);
        return all;
    }

    private static int letters(String text) {
        int letters = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetter(text.charAt(i))) {
                letters++;
            }
        }
        return letters;
    }
}
