package dev.cohort.course;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The course service: catalog, search, catalog import, enrollment and progress, served over gRPC (port 9103). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CourseApplication {

    /**
     * Name of this service's configuration file ({@value}.yaml) and the Flyway location {@code db/course}: unique
     * names, so that several services can share one JVM (the local stack) without reading each other's.
     */
    public static final String CONFIG_NAME = "course";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as every launcher starts it (main, local stack, tests from outside). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(CourseApplication.class)
                .main(CourseApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
