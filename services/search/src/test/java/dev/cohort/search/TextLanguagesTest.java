package dev.cohort.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohort.search.app.TextLanguages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each message gets the configuration of its language, or none (simple) when it is too short or unclear. */
class TextLanguagesTest {

    private final TextLanguages languages = new TextLanguages(List.of("english", "french", "german", "spanish"));

    @Test
    void detectsTheLanguageOfASentenceAmongTheConfiguredOnes() {
        assertThat(languages.of("Everyone was studying organic chemistry flashcards all evening")).isEqualTo("english");
        assertThat(languages.of("Les étudiants révisent leurs examens de chimie ce soir")).isEqualTo("french");
        assertThat(languages.of("Die Studenten lernen heute Abend für die Prüfung in Chemie")).isEqualTo("german");
        assertThat(languages.of("Los estudiantes repasan sus exámenes de química esta noche")).isEqualTo("spanish");
    }

    @Test
    void leavesTextTooShortToTellAsItIs() {
        assertThat(languages.of("ok merci")).isEqualTo(TextLanguages.FALLBACK);
        assertThat(languages.of(":) 👍")).isEqualTo(TextLanguages.FALLBACK);
    }

    @Test
    void oneLanguageNeedsNoDetectionButShortTextStaysSimple() {
        TextLanguages english = new TextLanguages(List.of("english"));
        assertThat(english.of("Les étudiants révisent leurs examens de chimie")).isEqualTo("english");
        assertThat(english.of("ok")).isEqualTo(TextLanguages.FALLBACK);
        assertThat(english.all()).containsExactly("english", "simple");
    }

    @Test
    void refusesAConfigurationThatNamesNoLanguage() {
        assertThatThrownBy(() -> new TextLanguages(List.of("english", "klingon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("klingon");
    }
}
