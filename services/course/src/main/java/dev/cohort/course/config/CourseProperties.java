package dev.cohort.course.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code cohort.course.*}: limits of the catalog import, and how long course outlines are kept. */
@ConfigurationProperties("cohort.course")
public record CourseProperties(@DefaultValue CatalogImport catalogImport, @DefaultValue Outlines outlines) {

    /**
     * {@code cohort.course.catalog-import.*}: records per transaction ({@code batchSize}), records per call
     * ({@code maxRecords}; more gets RESOURCE_EXHAUSTED) and error entries reported per call
     * ({@code maxReportedErrors}; the count of failed records stays exact).
     */
    public record CatalogImport(@DefaultValue("500") int batchSize,
                                @DefaultValue("100000") int maxRecords,
                                @DefaultValue("1000") int maxReportedErrors) {
    }

    /**
     * {@code cohort.course.outlines.keep-for}: how long a replica answers GetCourse from an outline it read (ADR 76);
     * also how long another replica's catalog change may take to show here. Zero reads every time.
     */
    public record Outlines(@DefaultValue("1s") Duration keepFor) {
    }
}
