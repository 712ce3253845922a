package dev.cohort.notification;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The notification service: notifications from events, live over a server stream, and by e-mail (port 9106). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationApplication {

    /**
     * Name of this service's configuration file ({@value}.yaml) and the Flyway location {@code db/notification}:
     * unique names, so that several services can share one JVM (the local stack) without reading each other's.
     */
    public static final String CONFIG_NAME = "notification";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as every launcher starts it (main, local stack, tests from outside). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(NotificationApplication.class)
                .main(NotificationApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
