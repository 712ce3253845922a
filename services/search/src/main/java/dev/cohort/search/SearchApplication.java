package dev.cohort.search;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The search service: one search box over messages, courses and people, fed by events, over gRPC (port 9107). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SearchApplication {

    /**
     * Name of this service's configuration file ({@value}.yaml) and the Flyway location {@code db/search}: unique
     * names, so that several services can share one JVM (the local stack) without reading each other's.
     */
    public static final String CONFIG_NAME = "search";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as every launcher starts it (main, local stack, tests from outside). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(SearchApplication.class)
                .main(SearchApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
