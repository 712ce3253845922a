package dev.cohort.course.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchQueryTest {

    @Test
    void courseCodesWithAndWithoutTheirSpaceBecomeTheSameCompactForm() {
        assertThat(SearchQuery.parse("CPSC 310").compact()).isEqualTo("cpsc310");
        assertThat(SearchQuery.parse("cpsc310").compact()).isEqualTo("cpsc310");
        assertThat(SearchQuery.parse("  cpsc-310 ").compact()).isEqualTo("cpsc310");
    }

    @Test
    void everyWordBecomesAPrefixTermAndOperatorsCannotBeInjected() {
        SearchQuery query = SearchQuery.parse("Intro & algorithms:* | !(x)");

        assertThat(query.allWordsQuery()).isEqualTo("intro:* & algorithms:* & x:*");
        assertThat(query.anyWordQuery()).isEqualTo("intro:* | algorithms:* | x:*");
        assertThat(query.text()).isEqualTo("intro algorithms x");
    }

    @Test
    void punctuationAloneIsAnEmptyQueryAndLongQueriesAreCut() {
        assertThat(SearchQuery.parse(" -- ").isEmpty()).isTrue();
        assertThat(SearchQuery.parse("a b c d e f g h i j k").words()).hasSize(SearchQuery.MAX_WORDS);
    }
}
