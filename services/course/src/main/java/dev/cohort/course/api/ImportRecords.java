package dev.cohort.course.api;

import com.google.protobuf.Message;
import dev.cohort.course.domain.CatalogRecord;
import dev.cohort.course.domain.CatalogRecord.CourseData;
import dev.cohort.course.domain.CatalogRecord.LessonData;
import dev.cohort.course.domain.CatalogRecord.ModuleData;
import dev.cohort.course.domain.CatalogRecord.SectionData;
import dev.cohort.course.domain.CatalogRecord.TermData;
import dev.cohort.course.domain.ImportProblem;
import dev.cohort.course.domain.TermState;
import dev.cohort.course.v1.ImportCatalogRequest;
import dev.cohort.course.v1.TermRecord;
import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.grpc.server.ValidationInterceptor;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Turns each streamed import message into a catalog record, or into the reasons it cannot be one. The request
 * validation skips the records (their fields say {@code ignore = IGNORE_ALWAYS}), because a bad record must not end
 * the stream: their {@code buf.validate} rules and the contracts' text rule (no control characters, ADR 18) are
 * checked here, one record at a time, by the same platform check, and a bad record is that record's error.
 */
final class ImportRecords {

    /** A record, or why not. */
    sealed interface Outcome {
    }

    record Accepted(CatalogRecord record) implements Outcome {
    }

    record Rejected(List<ImportProblem> problems) implements Outcome {
    }

    /** How the platform names a violation of a rule on the whole message rather than one field. */
    private static final String WHOLE_MESSAGE = "(message)";

    private final ValidationInterceptor validation;

    ImportRecords(ValidationInterceptor validation) {
        this.validation = validation;
    }

    Outcome read(ImportCatalogRequest request) {
        return switch (request.getRecordCase()) {
            case TERM -> checked("term", request.getTerm(), () -> term(request.getTerm()));
            case COURSE -> checked("course", request.getCourse(), () -> {
                var course = request.getCourse();
                return new Accepted(new CourseData(course.getCode(), course.getTitle(), course.getDescription(),
                        course.getCredits(), course.getDepartmentName()));
            });
            case SECTION -> checked("section", request.getSection(), () -> {
                var section = request.getSection();
                UUID instructor = section.getInstructorUserId().isEmpty() ? null
                        : UUID.fromString(section.getInstructorUserId());
                return new Accepted(new SectionData(section.getCourseCode(), section.getTermCode(),
                        section.getSectionCode(), instructor, section.getSchedule(), section.getCapacity(),
                        section.getMaxGroupSize()));
            });
            case MODULE -> checked("module", request.getModule(), () -> {
                var module = request.getModule();
                return new Accepted(new ModuleData(module.getCourseCode(), module.getPosition(), module.getTitle(),
                        module.getLessonsList().stream()
                                .map(lesson -> new LessonData(lesson.getTitle(), lesson.getDurationMinutes()))
                                .toList()));
            });
            case RECORD_NOT_SET -> new Rejected(List.of(new ImportProblem(ImportProblem.RECORD_MISSING, "record",
                    "set one of term, course, section or module")));
        };
    }

    private static Outcome term(TermRecord term) {
        List<ImportProblem> problems = new ArrayList<>();
        LocalDate start = date(term.getStartDate(), "term.start_date", problems);
        LocalDate end = date(term.getEndDate(), "term.end_date", problems);
        if (!problems.isEmpty()) {
            return new Rejected(problems);
        }
        if (end.isBefore(start)) {
            return new Rejected(List.of(new ImportProblem(ImportProblem.TERM_DATES_INVERTED, "term.end_date",
                    "the term ends before it starts")));
        }
        TermState state = term.getState() == dev.cohort.course.v1.TermState.TERM_STATE_OPEN
                ? TermState.OPEN : TermState.CLOSED;
        return new Accepted(new TermData(term.getCode(), term.getName(), start, end, state));
    }

    private static LocalDate date(com.google.type.Date date, String field, List<ImportProblem> problems) {
        try {
            if (date.getYear() < 1 || date.getYear() > 9999) {
                throw new DateTimeException("year out of range");
            }
            return LocalDate.of(date.getYear(), date.getMonth(), date.getDay());
        } catch (DateTimeException invalid) {
            problems.add(new ImportProblem(ImportProblem.RECORD_INVALID, field,
                    "not a calendar date between the years 1 and 9999"));
            return null;
        }
    }

    /**
     * The record's violations of the contract's text rule and its {@code buf.validate} rules (the platform's one
     * check, {@link ValidationInterceptor#violationsOf}), prefixed with the oneof field's name; else what
     * {@code reader} makes of it.
     */
    private Outcome checked(String recordField, Message record, Supplier<Outcome> reader) {
        List<FieldViolation> violations = validation.violationsOf(record);
        if (violations.isEmpty()) {
            return reader.get();
        }
        List<ImportProblem> problems = new ArrayList<>(violations.size());
        for (FieldViolation violation : violations) {
            String field = WHOLE_MESSAGE.equals(violation.field()) ? recordField : recordField + "." + violation.field();
            problems.add(new ImportProblem(ImportProblem.RECORD_INVALID, field, violation.description()));
        }
        return new Rejected(problems);
    }
}
