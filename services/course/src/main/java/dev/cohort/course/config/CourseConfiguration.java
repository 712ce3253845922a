package dev.cohort.course.config;

import dev.cohort.course.api.CourseGrpcService;
import dev.cohort.course.app.CatalogImport;
import dev.cohort.course.app.CatalogQueries;
import dev.cohort.course.app.CourseOutlines;
import dev.cohort.course.app.Enrollments;
import dev.cohort.course.app.LearningProgress;
import dev.cohort.course.events.CourseEvents;
import dev.cohort.course.store.CatalogWriter;
import dev.cohort.course.store.CourseOutlineReads;
import dev.cohort.course.store.CourseRepository;
import dev.cohort.course.store.CourseSearch;
import dev.cohort.course.store.EnrollmentRepository;
import dev.cohort.course.store.LessonCompletionRepository;
import dev.cohort.course.store.LessonRepository;
import dev.cohort.course.store.ModuleRepository;
import dev.cohort.course.store.SectionRepository;
import dev.cohort.course.store.TermRepository;
import dev.cohort.events.outbox.EventEnvelope;
import dev.cohort.events.outbox.Outbox;
import dev.cohort.grpc.server.ValidationInterceptor;
import dev.cohort.paging.PageTokenCodec;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the course service's parts together; everything is constructed explicitly, nothing is scanned. */
@Configuration(proxyBeanMethods = false)
public class CourseConfiguration {


    @Bean
    CourseEvents courseEvents(Outbox outbox, EventEnvelope envelope) {
        return new CourseEvents(outbox, envelope);
    }

    @Bean
    CourseSearch courseSearch(NamedParameterJdbcTemplate jdbc) {
        return new CourseSearch(jdbc);
    }

    @Bean
    CatalogWriter catalogWriter(NamedParameterJdbcTemplate jdbc) {
        return new CatalogWriter(jdbc);
    }

    @Bean
    CourseOutlines courseOutlines(CourseProperties properties) {
        return new CourseOutlines(properties.outlines().keepFor());
    }

    @Bean
    CatalogQueries catalogQueries(TermRepository terms, CourseRepository courses, SectionRepository sections,
                                  JdbcTemplate jdbc, CourseOutlines outlines, CourseSearch search,
                                  PageTokenCodec pageTokens) {
        return new CatalogQueries(terms, courses, sections, new CourseOutlineReads(jdbc), outlines, search,
                pageTokens);
    }

    @Bean
    Enrollments enrollments(SectionRepository sections, EnrollmentRepository enrollments, CourseEvents events,
                        Clock clock, PageTokenCodec pageTokens) {
        return new Enrollments(sections, enrollments, events, clock, pageTokens);
    }

    @Bean
    LearningProgress learningProgress(CourseRepository courses, ModuleRepository modules, LessonRepository lessons,
                                      LessonCompletionRepository completions, EnrollmentRepository enrollments,
                                      CourseEvents events, Clock clock) {
        return new LearningProgress(courses, modules, lessons, completions, enrollments, events, clock);
    }

    @Bean
    CatalogImport catalogImport(CatalogWriter writer, CourseEvents events, TransactionTemplate transactions,
                                CourseProperties properties, Clock clock, CourseOutlines outlines) {
        var limits = properties.catalogImport();
        return new CatalogImport(writer, events, transactions,
                new CatalogImport.Limits(limits.batchSize(), limits.maxRecords(), limits.maxReportedErrors()), clock,
                outlines);
    }

    @Bean
    CourseGrpcService courseGrpcService(CatalogQueries catalog, Enrollments enrollments, LearningProgress progress,
                                        CatalogImport catalogImport, ValidationInterceptor validation) {
        return new CourseGrpcService(catalog, enrollments, progress, catalogImport, validation);
    }
}
