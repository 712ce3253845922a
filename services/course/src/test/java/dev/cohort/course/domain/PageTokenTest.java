package dev.cohort.course.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohort.grpc.common.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class PageTokenTest {

    @Test
    void aTokenRoundTripsItsPositionForTheSameQuery() {
        String fingerprint = PageToken.fingerprint("search", "intro", null, false);
        String token = PageToken.encode(fingerprint, "12.5", "CPSC 221");

        assertThat(PageToken.decode(token, fingerprint, 2)).containsExactly("12.5", "CPSC 221");
        assertThat(PageToken.decode("", fingerprint, 2)).isEmpty();
    }

    @Test
    void aTokenOfAnotherQueryOrShapeIsRejected() {
        String token = PageToken.encode(PageToken.fingerprint("search", "intro"), "1.0", "CPSC 221");

        assertThatThrownBy(() -> PageToken.decode(token, PageToken.fingerprint("search", "history"), 2))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> PageToken.decode(token, PageToken.fingerprint("search", "intro"), 3))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> PageToken.decode("%%%", "x", 1)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void progressIsAPercentageRoundedToOneDecimal() {
        assertThat(Progress.percent(1, 3)).isEqualTo(33.3);
        assertThat(Progress.percent(2, 3)).isEqualTo(66.7);
        assertThat(Progress.percent(0, 0)).isZero();
    }
}
