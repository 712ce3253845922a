package dev.cohort.course;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The course service: catalog, search, catalog import, enrolment and progress, served over gRPC (port 9103). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CourseApplication {

    public static void main(String[] args) {
        SpringApplication.run(CourseApplication.class, args);
    }
}
