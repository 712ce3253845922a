package dev.cohort.gateway.envoy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the tests find what they compare: envoy.yaml, the descriptor set the build copies into target/, and the
 * repository's other modules. Maven passes the paths as system properties; run from an IDE with the module as
 * working directory, the same relative paths are used.
 */
final class ProjectFiles {

    /** The file name the proto module gives the descriptor set, and the one the transcoder is told to load. */
    static final String DESCRIPTOR_FILE_NAME = "cohort.binpb";

    private ProjectFiles() {
    }

    static Path envoyConfig() {
        return existing(System.getProperty("cohort.envoy.config", "envoy.yaml"));
    }

    static Path descriptorSet() {
        return existing(System.getProperty("cohort.envoy.descriptor", "target/descriptors/" + DESCRIPTOR_FILE_NAME));
    }

    static Path repoRoot() {
        return existing(System.getProperty("cohort.envoy.repo-root", ".."));
    }

    static Path protoModulePom() {
        return existing(repoRoot().resolve("proto/pom.xml").toString());
    }

    /** services/NAME, whether or not it exists yet. */
    static Path serviceDir(String service) {
        return repoRoot().resolve("services").resolve(service);
    }

    /** The service's own configuration ({@code <service>.yaml}, see its Application's CONFIG_NAME), as a tree. */
    static Optional<Map<String, Object>> serviceSettings(String service) {
        Path file = serviceDir(service).resolve("src/main/resources/" + service + ".yaml");
        return Files.isRegularFile(file) ? Optional.of(EnvoyYaml.readTree(file)) : Optional.empty();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path existing(String path) {
        Path resolved = Path.of(path).toAbsolutePath().normalize();
        if (!Files.exists(resolved)) {
            throw new IllegalStateException(resolved + " does not exist (run the tests through Maven: "
                    + "./mvnw -pl gateway-envoy verify, after the proto module is installed)");
        }
        return resolved;
    }
}
