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

/** A directory of .avsc files, parsed the way avro-maven-plugin parses them (imports first). */
final class AvroSources {
    /**
     * Files the plugin parses first ({@code <imports>} in pom.xml), relative to the avro directory;
     * other schemas refer to their types by name. Keep in sync with the pom.
     */
    static final List<String> IMPORTS = List.of("common/EventMetadata.avsc");

    private final Path dir;

    AvroSources(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("No Avro source directory at " + dir);
        }
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** This module's src/main/avro (Surefire runs in the module directory and sets basedir). */
    static AvroSources module() {
        return new AvroSources(Path.of(System.getProperty("basedir", "."), "src", "main", "avro"));
    }

    Path dir() {
        return dir;
    }

    /** Every .avsc in the working tree, relative to {@link #dir()}, '/'-separated, sorted. */
    List<String> schemaFiles() {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".avsc"))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String readCurrent(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The working-tree version of a file, parsed after the working-tree imports. */
    Schema parseCurrent(String file) {
        return parse(file, readCurrent(file), imported -> Optional.empty());
    }

    /**
     * Parses {@code text} (some version of {@code file}) with one {@link Schema.Parser} that has
     * first parsed each import listed before it, taking an import's text from {@code importText}
     * or, where that gives nothing, from the working tree.
     */
    Schema parse(String file, String text, Function<String, Optional<String>> importText) {
        Schema.Parser parser = new Schema.Parser();
        for (String imported : IMPORTS) {
            if (imported.equals(file)) {
                break; // an import may depend only on the imports before it
            }
            parser.parse(importText.apply(imported).orElseGet(() -> readCurrent(imported)));
        }
        return parser.parse(text);
    }
}
