package dev.cohort.course.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code cohort.course.*}: limits of the catalog import. */
@ConfigurationProperties("cohort.course")
public record CourseProperties(@DefaultValue CatalogImport catalogImport) {

    /**
     * {@code cohort.course.catalog-import.*}: records per transaction ({@code batchSize}), records per call
     * ({@code maxRecords}; more gets RESOURCE_EXHAUSTED) and error entries reported per call
     * ({@code maxReportedErrors}; the count of failed records stays exact).
     */
    public record CatalogImport(@DefaultValue("500") int batchSize,
                                @DefaultValue("100000") int maxRecords,
                                @DefaultValue("1000") int maxReportedErrors) {
    }
}
