package dev.cohort.course.app;

import dev.cohort.course.domain.TermState;
import dev.cohort.course.store.TermEntity;
import java.time.LocalDate;
import java.util.UUID;

/** A term as it is shown. */
public record TermView(UUID id, String code, String name, LocalDate startDate, LocalDate endDate, TermState state) {

    static TermView of(TermEntity term) {
        return new TermView(term.id(), term.code(), term.name(), term.startDate(), term.endDate(), term.state());
    }
}
