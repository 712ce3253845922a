package dev.cohort.group;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The group service: study groups in course sections, served over gRPC (port 9104). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GroupApplication {

    public static void main(String[] args) {
        SpringApplication.run(GroupApplication.class, args);
    }
}
