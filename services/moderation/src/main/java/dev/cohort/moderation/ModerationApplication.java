package dev.cohort.moderation;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The moderation service: reports, moderation actions and the audit log, over gRPC (port 9108). */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ModerationApplication {

    /**
     * Name of this service's configuration file ({@value}.yaml) and the Flyway location {@code db/moderation}: unique
     * names, so that several services can share one JVM (the local stack) without reading each other's.
     */
    public static final String CONFIG_NAME = "moderation";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as every launcher starts it (main, local stack, tests from outside). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ModerationApplication.class)
                .main(ModerationApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
