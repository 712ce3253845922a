package dev.cohort.schemaregistry;

import dev.cohort.schemaregistry.registry.RegistryProperties;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;

/**
 * A schema registry speaking the Confluent REST API, for local runs and tests; port 8081.
 *
 * <p>Auto-configuration is listed rather than discovered: the registry also runs inside other
 * programs' JVMs ({@link #start}), whose classpaths carry gRPC servers, JPA and Redis that must not
 * wake up here. For the same reason its settings live in {@code schema-registry.yaml}, not in an
 * {@code application.yaml} that another module's could shadow.
 */
@SpringBootConfiguration
@ComponentScan
@EnableConfigurationProperties(RegistryProperties.class)
@ImportAutoConfiguration({
        PropertyPlaceholderAutoConfiguration.class,
        ConfigurationPropertiesAutoConfiguration.class,
        JacksonAutoConfiguration.class,
        HttpMessageConvertersAutoConfiguration.class,
        TomcatServletWebServerAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class,
        ErrorMvcAutoConfiguration.class,
        HttpEncodingAutoConfiguration.class,
        DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class,
        JdbcClientAutoConfiguration.class,
        FlywayAutoConfiguration.class,
})
public class SchemaRegistryApplication {
    /** Name of the configuration file ({@code schema-registry.yaml}). */
    public static final String CONFIG_NAME = "schema-registry";
    public static final int DEFAULT_PORT = 8081;

    public static void main(String[] args) {
        builder().run(args);
    }

    /**
     * Runs the registry in this JVM against the given PostgreSQL database (migrated on start) and
     * returns once it is serving. Port 0 picks a free port: read it back with {@link #port}. Close
     * the returned context to stop it.
     */
    public static ConfigurableApplicationContext start(String jdbcUrl, String username, String password, int port) {
        // Arguments outrank every other property source, so the host JVM's settings cannot redirect the registry.
        return builder().run(
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + username,
                "--spring.datasource.password=" + (password == null ? "" : password),
                "--server.port=" + port);
    }

    /** The port a started registry listens on. */
    public static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The base URL clients use, e.g. {@code http://localhost:8081}. */
    public static String url(ConfigurableApplicationContext context) {
        return "http://localhost:" + port(context);
    }

    private static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(SchemaRegistryApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
