package dev.cohort.group;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The group service: study groups in course sections, served over gRPC (port 9104). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GroupApplication {

    /**
     * Name of this service's configuration file ({@value}.yaml) and the Flyway location {@code db/group}: unique
     * names, so that several services can share one JVM (the local stack) without reading each other's.
     */
    public static final String CONFIG_NAME = "group";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as every launcher starts it (main, local stack, tests from outside). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(GroupApplication.class)
                .main(GroupApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
