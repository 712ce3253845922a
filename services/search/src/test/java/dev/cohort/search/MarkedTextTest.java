package dev.cohort.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.search.domain.MarkedText;
import org.junit.jupiter.api.Test;

/** Snippet marks become code-point ranges of plain text, and indexed text can never carry a forged mark. */
class MarkedTextTest {

    @Test
    void marksBecomeRangesInCodePoints() {
        String marked = "Dé 🎓 " + MarkedText.START + "quiz" + MarkedText.STOP + " and " + MarkedText.START + "notes"
                + MarkedText.STOP;
        MarkedText.Parsed parsed = MarkedText.parse(marked);
        assertThat(parsed.text()).isEqualTo("Dé 🎓 quiz and notes");
        assertThat(parsed.ranges()).containsExactly(new MarkedText.Range(5, 4), new MarkedText.Range(14, 5));
    }

    @Test
    void cleanedTextHasNoMarksToForge() {
        String typed = "fake " + MarkedText.START + "highlight" + MarkedText.STOP;
        assertThat(MarkedText.clean(typed)).isEqualTo("fake highlight");
        assertThat(MarkedText.parse(MarkedText.clean(typed)).ranges()).isEmpty();
    }
}
