package dev.cohort.deploy;

import dev.cohort.grpc.server.CohortServerDefaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * What a service's own code says about how it runs: its configuration file (services/NAME/src/main/resources/
 * NAME.yaml) as the service reads it, over the defaults every Cohort service gets from libs/grpc-server.
 */
final class ServiceCode {

    /** ${COHORT_X:} — a setting the service requires from its environment (no default). */
    private static final Pattern REQUIRED_ENV = Pattern.compile("\\$\\{([A-Z0-9_]+):}");

    private final String name;
    private final StandardEnvironment environment;
    private final String rawYaml;

    private ServiceCode(String name, StandardEnvironment environment, String rawYaml) {
        this.name = name;
        this.environment = environment;
        this.rawYaml = rawYaml;
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("cohort.repo.root", "..")).toAbsolutePath().normalize();
    }

    /** The services that exist as modules (services/NAME with a NAME.yaml). */
    static SortedSet<String> modules() {
        try (Stream<Path> dirs = Files.list(repoRoot().resolve("services"))) {
            TreeSet<String> names = new TreeSet<>();
            dirs.filter(dir -> Files.isRegularFile(configFile(dir.getFileName().toString())))
                    .forEach(dir -> names.add(dir.getFileName().toString()));
            return names;
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    static Path configFile(String service) {
        return repoRoot().resolve("services").resolve(service).resolve("src/main/resources").resolve(service + ".yaml");
    }

    private static final Map<String, ServiceCode> LOADED = new ConcurrentHashMap<>();

    /** The service's configuration, read once per test JVM. */
    static ServiceCode load(String service) {
        return LOADED.computeIfAbsent(service, ServiceCode::read);
    }

    private static ServiceCode read(String service) {
        try {
            Path file = configFile(service);
            StandardEnvironment environment = new StandardEnvironment();
            // No process environment or system properties: only what the code itself configures.
            environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
            environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
            for (PropertySource<?> source : new YamlPropertySourceLoader().load(service, new FileSystemResource(file))) {
                environment.getPropertySources().addLast(source);
            }
            new CohortServerDefaults().postProcessEnvironment(environment, new SpringApplication());
            return new ServiceCode(service, environment, Files.readString(file));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    String name() {
        return name;
    }

    int grpcPort() {
        return Integer.parseInt(environment.getRequiredProperty("spring.grpc.server.port"));
    }

    Duration shutdownGracePeriod() {
        return DurationStyle.detectAndParse(environment.getRequiredProperty("spring.grpc.server.shutdown.grace-period"));
    }

    String property(String key) {
        return environment.getProperty(key);
    }

    /** Environment variables the service cannot start without (placeholders with an empty default). */
    SortedSet<String> requiredEnvironment() {
        TreeSet<String> names = new TreeSet<>();
        Matcher matcher = REQUIRED_ENV.matcher(rawYaml);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Every key of the service's own file (flattened), e.g. to find the settings that name another service. */
    List<String> ownKeys() {
        return environment.getPropertySources().stream()
                .filter(source -> !source.getName().equals("cohortServerDefaults"))
                .filter(EnumerablePropertySource.class::isInstance)
                .flatMap(source -> Stream.of(((EnumerablePropertySource<?>) source).getPropertyNames()))
                .toList();
    }

}
