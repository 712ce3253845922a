package dev.cohort.mail;

import java.util.Properties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The {@link JavaMailSenderImpl} and {@link Mailer} of a Cohort application, from {@code cohort.mail.*}, for an
 * application given an SMTP host: services sharing one JVM (the local stack) share a class path, and only those
 * given a host send mail.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "cohort.mail", name = "host")
@EnableConfigurationProperties(CohortMailProperties.class)
public class CohortMailAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public JavaMailSenderImpl cohortMailSender(CohortMailProperties properties) {
        return mailSender(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    public Mailer cohortMailer(JavaMailSenderImpl cohortMailSender, CohortMailProperties properties) {
        properties.requireComplete();
        return new Mailer(cohortMailSender, properties.from());
    }

    /** The sender for these properties; also for code that runs without Spring. */
    public static JavaMailSenderImpl mailSender(CohortMailProperties properties) {
        properties.requireComplete();
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(properties.host());
        sender.setPort(properties.port());
        sender.setUsername(properties.username());
        sender.setPassword(properties.password());
        sender.setDefaultEncoding("UTF-8");
        Properties smtp = new Properties();
        // Without timeouts Jakarta Mail waits forever on a server that accepted the connection and went quiet.
        smtp.setProperty("mail.smtp.connectiontimeout", String.valueOf(properties.connectTimeout().toMillis()));
        smtp.setProperty("mail.smtp.timeout", String.valueOf(properties.timeout().toMillis()));
        smtp.setProperty("mail.smtp.writetimeout", String.valueOf(properties.timeout().toMillis()));
        smtp.setProperty("mail.smtp.auth", String.valueOf(properties.username() != null));
        if (properties.startTls()) {
            smtp.setProperty("mail.smtp.starttls.enable", "true");
            smtp.setProperty("mail.smtp.starttls.required", "true");
        }
        sender.setJavaMailProperties(smtp);
        return sender;
    }
}
