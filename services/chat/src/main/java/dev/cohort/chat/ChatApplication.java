package dev.cohort.chat;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The chat service: conversations and messages over gRPC, delivered live over streams (port 9105). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChatApplication {

    /**
     * Name of this service's configuration file ({@value}.yaml) and the Flyway location {@code db/chat}: unique
     * names, so that several services can share one JVM (the local stack) without reading each other's.
     */
    public static final String CONFIG_NAME = "chat";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as every launcher starts it (main, local stack, tests from outside). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ChatApplication.class)
                .main(ChatApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
