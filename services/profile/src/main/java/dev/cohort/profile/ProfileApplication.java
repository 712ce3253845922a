package dev.cohort.profile;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The profile service: people's profiles, privacy, follows, blocks and people search, over gRPC (port 9102). */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class ProfileApplication {

    /**
     * Name of this service's configuration file ({@value}.yaml) and the Flyway location {@code db/profile}: unique
     * names, so that several services can share one JVM (the local stack) without reading each other's.
     */
    public static final String CONFIG_NAME = "profile";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as every launcher starts it (main, local stack, tests from outside). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ProfileApplication.class)
                .main(ProfileApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
