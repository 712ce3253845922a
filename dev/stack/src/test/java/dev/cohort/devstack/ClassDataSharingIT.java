package dev.cohort.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./cohort up} does with the packaged jar for class data sharing (ADR 84, 85), with the real jar and JVM:
 * Spring Boot's tools extract it into plain jars; a start run with {@code -XX:DumpLoadedClassList} lists its classes,
 * and {@link ClassDataArchive} dumps an archive from that list in a separate JVM and moves it into place; the next JVM
 * given that archive loads the stack's own classes from it; and one cut short is refused (so the script's check sees
 * it and makes it again). The listing start itself is {@code LocalStack.up} (tested by {@link LocalStackTest}); here
 * {@code version}, which the script also runs to check an archive before using it, stands in for it: it loads
 * {@link LocalStack}, which is enough to show the archive is made and used.
 */
class ClassDataSharingIT {

    @TempDir
    static Path work;

    private static Path extracted;

    @BeforeAll
    static void extract() throws Exception {
        Path jar = Path.of(System.getProperty("cohort.stack.jar"));
        assertThat(jar).as("the packaged stack jar; run `package` first").isRegularFile();
        Path destination = work.resolve("extracted");
        Result result = java("-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
                destination.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        extracted = destination.resolve(jar.getFileName());
    }

    @Test
    void theExtractedJarStartsTheStackFromPlainJarsThatAllExist() throws IOException {
        try (JarFile jar = new JarFile(extracted.toFile())) {
            Manifest manifest = jar.getManifest();
            assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo(LocalStack.class.getName());
            List<String> classPath = Arrays.asList(manifest.getMainAttributes().getValue("Class-Path").split(" "));
            assertThat(classPath).hasSizeGreaterThan(100).allSatisfy(entry -> {
                assertThat(entry).endsWith(".jar");
                assertThat(extracted.resolveSibling(entry)).isRegularFile();
            });
        }
    }

    @Test
    void anArchiveMadeFromAStartsClassListServesTheNextStartsClasses() throws Exception {
        Path archive = made("stack.jsa");

        // -Xshare:on fails the start instead of quietly running without the archive, as the script's default would.
        Result next = java("-XX:+UseSerialGC", "-Xss512k", "-XX:SharedArchiveFile=" + archive, "-Xshare:on",
                "-Xlog:class+load=info", "-jar", extracted.toString(), "version");
        assertThat(next.exitCode()).as(next.output()).isZero();
        assertThat(next.output()).contains(LocalStack.class.getName() + " source: shared objects file");
        // The dump's own files are gone: only the archive is left beside the list.
        try (var left = Files.list(archive.getParent())) {
            assertThat(left.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".partial") || name.matches("classes-\\d+\\.lst"));
        }
    }

    @Test
    void anArchiveCutShortIsRefusedSoTheScriptMakesItAgain() throws Exception {
        Path archive = made("cut-short.jsa");
        // As a disk that filled up, or a copy cut short.
        try (var file = java.nio.channels.FileChannel.open(archive, java.nio.file.StandardOpenOption.WRITE)) {
            file.truncate(Files.size(archive) / 2);
        }
        Result check = java("-XX:+UseSerialGC", "-Xss512k", "-XX:SharedArchiveFile=" + archive, "-Xshare:on",
                "-jar", extracted.toString(), "version");
        assertThat(check.exitCode()).as("the script's check (./cohort) must see the archive refused: " + check.output())
                .isNotZero();
    }

    /**
     * An archive made as the first start after a build makes it: a run of the extracted jar lists its classes, then
     * {@link ClassDataArchive} dumps the archive from the list in the background and moves it into place.
     */
    private static Path made(String name) throws Exception {
        Path directory = Files.createDirectories(work.resolve(name + ".d"));
        Path classList = directory.resolve("classes.lst");
        Path archive = directory.resolve(name);
        Result listing = java("-XX:+UseSerialGC", "-Xss512k", "-XX:DumpLoadedClassList=" + classList,
                "-jar", extracted.toString(), "version");
        assertThat(listing.exitCode()).as(listing.output()).isZero();
        assertThat(classList).content().contains("dev/cohort/devstack/LocalStack");

        ClassDataArchive request = ClassDataArchive.requested(
                List.of("-XX:+UseSerialGC", "-XX:DumpLoadedClassList=" + classList), archive.toString(),
                System.getProperty("java.home"), extracted.toString()).orElseThrow();
        Path log = directory.resolve("dump.log");
        Process dump = request.makeInBackground(log);
        if (!dump.waitFor(2, TimeUnit.MINUTES)) {
            dump.destroyForcibly();
            throw new AssertionError("the dump did not end within 2 minutes");
        }
        assertThat(dump.exitValue()).as(Files.readString(log)).isZero();
        assertThat(archive).isRegularFile();
        return archive;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result java(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(work, "java", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("java " + String.join(" ", arguments) + " did not exit within 2 minutes");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
