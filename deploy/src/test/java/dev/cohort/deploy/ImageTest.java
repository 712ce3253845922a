package dev.cohort.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The services' image tarballs as Jib wrote them with -Pimages (target/jib-image.tar, an OCI layout): read as a
 * registry or containerd would (index -> manifest -> config, layer blobs by digest, each digest checked), the image
 * runs as non-root, starts the service's main class with the container-sized JVM flags, exposes its gRPC port and
 * carries its classes. Without -Pimages there are no tarballs and this test is skipped; with it, a missing tarball
 * fails (cohort.images.required).
 */
class ImageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> services() {
        return List.copyOf(ServiceCode.modules());
    }

    @ParameterizedTest
    @MethodSource("services")
    void imageRunsTheServiceAsNonRootWithContainerSizedJvmOnItsGrpcPort(String service) throws IOException {
        Path tarball = ServiceCode.repoRoot().resolve("services").resolve(service).resolve("target/jib-image.tar");
        boolean required = Boolean.getBoolean("cohort.images.required");
        assumeTrue(required || Files.isRegularFile(tarball), "no image tarball: build with -Pimages to check it");
        assertThat(tarball).as("image tarball of %s (built with -Pimages)", service).isRegularFile();

        Map<String, byte[]> entries = smallEntries(tarball);
        assertThat(new String(entries.get("oci-layout"), StandardCharsets.UTF_8))
                .contains("\"imageLayoutVersion\"");
        JsonNode index = JSON.readTree(entries.get("index.json"));
        assertThat(index.path("manifests")).hasSize(1);
        JsonNode manifest = JSON.readTree(blob(entries, index.path("manifests").get(0).path("digest").asText()));
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        JsonNode image = JSON.readTree(blob(entries, manifest.path("config").path("digest").asText()));
        JsonNode config = image.path("config");

        ServiceCode code = ServiceCode.load(service);
        assertThat(config.path("User").asText()).as("user").isEqualTo("65532:65532");
        assertThat(config.path("ExposedPorts").has(code.grpcPort() + "/tcp")).as("exposed gRPC port").isTrue();
        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        String mainClass = "dev.cohort." + service + "." + Character.toUpperCase(service.charAt(0))
                + service.substring(1) + "Application";
        assertThat(entrypoint).first().isEqualTo("java");
        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.io.tmpdir=/tmp");
        assertThat(entrypoint).last().isEqualTo(mainClass);
        assertThat(config.path("Env").toString()).contains("SPRING_CONFIG_ADDITIONAL_LOCATION=optional:file:/etc/cohort/");

        // Jib's own layers (named in the history, one entry per layer, in order) hold the service's main class, its
        // configuration and the classpath file; the large dependency layers are not unpacked.
        List<String> files = new ArrayList<>();
        JsonNode layers = manifest.path("layers");
        JsonNode history = image.path("history");
        assertThat(history.size()).as("one history entry per layer").isEqualTo(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            String comment = history.get(i).path("comment").asText();
            if (List.of("resources", "classes", "jvm arg files").contains(comment)) {
                files.addAll(layerFiles(tarball, layers.get(i).path("digest").asText()));
            }
        }
        assertThat(files).contains("app/classes/" + mainClass.replace('.', '/') + ".class",
                "app/resources/" + service + ".yaml", "app/jib-classpath-file");
    }

    /** Index, manifests and configs (small files) by name; layers are read streaming. */
    private static Map<String, byte[]> smallEntries(Path tarball) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (entry.getSize() < 64 * 1024) {
                    entries.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
        return entries;
    }

    private static byte[] blob(Map<String, byte[]> entries, String digest) throws IOException {
        byte[] content = entries.get("blobs/" + digest.replace(':', '/'));
        assertThat(content).as("blob %s", digest).isNotNull();
        assertThat("sha256:" + sha256(content)).as("digest of its content").isEqualTo(digest);
        return content;
    }

    private static List<String> layerFiles(Path tarball, String digest) throws IOException {
        String name = "blobs/" + digest.replace(':', '/');
        try (TarArchiveInputStream outer = new TarArchiveInputStream(Files.newInputStream(tarball))) {
            for (TarArchiveEntry entry; (entry = outer.getNextEntry()) != null; ) {
                if (entry.getName().equals(name)) {
                    List<String> files = new ArrayList<>();
                    TarArchiveInputStream layer = new TarArchiveInputStream(
                            new GZIPInputStream(new BufferedInputStream(CloseShieldInputStream.wrap(outer))));
                    for (TarArchiveEntry file; (file = layer.getNextEntry()) != null; ) {
                        files.add(file.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""));
                    }
                    return files;
                }
            }
        }
        throw new AssertionError("layer " + digest + " missing from " + tarball);
    }

    private static String sha256(byte[] content) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IOException(impossible);
        }
    }
}
