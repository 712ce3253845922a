package dev.cohort.events.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/** The module's .avsc files and how to parse them the way avro-maven-plugin does. */
final class AvroSources {
    /** Module-relative directory the plugin compiles. */
    static final Path AVRO_DIR = Path.of("src", "main", "avro");

    /**
     * Files the plugin parses first ({@code <imports>} in pom.xml), relative to {@link #AVRO_DIR};
     * other schemas refer to their types by name.
     */
    static final List<String> IMPORTS = List.of("common/EventMetadata.avsc");

    private AvroSources() {
    }

    /** The avro source directory of this module (Surefire runs in the module directory). */
    static Path avroDir() {
        Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().resolve(AVRO_DIR);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("No Avro source directory at " + dir);
        }
        return dir;
    }

    /** Every .avsc in the working tree, as paths relative to {@link #avroDir()}, '/'-separated, sorted. */
    static List<String> schemaFiles() {
        Path dir = avroDir();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".avsc"))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readCurrent(String relativeFile) {
        try {
            return Files.readString(avroDir().resolve(relativeFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the working-tree version of a file, after the working-tree imports. */
    static Schema parseCurrent(String relativeFile) {
        return parse(relativeFile, readCurrent(relativeFile), imported -> Optional.of(readCurrent(imported)));
    }

    /**
     * Parses {@code text} (a version of {@code relativeFile}) with one {@link Schema.Parser} that
     * has first parsed each import (other than the file itself), taking each import's text from
     * {@code importText}, or from the working tree where that gives nothing.
     */
    static Schema parse(String relativeFile, String text, Function<String, Optional<String>> importText) {
        Schema.Parser parser = new Schema.Parser();
        for (String imported : IMPORTS) {
            if (imported.equals(relativeFile)) {
                break; // imports may depend on earlier imports only
            }
            String source = importText.apply(imported).orElseGet(() -> readCurrent(imported));
            parser.parse(source);
        }
        return parser.parse(text);
    }
}
