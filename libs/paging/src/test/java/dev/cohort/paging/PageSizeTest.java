package dev.cohort.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohort.grpc.common.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class PageSizeTest {

    private final PageSize sizes = new PageSize(20, 100);

    @Test
    void servesTheDefaultForZero() {
        assertThat(sizes.resolve(0)).isEqualTo(20);
    }

    @Test
    void servesWhatWasAskedUpToTheMaximum() {
        assertThat(sizes.resolve(1)).isEqualTo(1);
        assertThat(sizes.resolve(100)).isEqualTo(100);
        assertThat(sizes.resolve(101)).isEqualTo(100);
    }

    @Test
    void refusesANegativeSize() {
        assertThatThrownBy(() -> sizes.resolve(-1)).isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
            assertThat(e.reason()).isEqualTo("INVALID_PAGE_SIZE");
            assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("page_size"));
        });
    }
}
