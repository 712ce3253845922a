package dev.cohort.events.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema evolution guard: every schema in the working tree must read data written with every
 * earlier committed version of itself (BACKWARD_TRANSITIVE, the registry's rule per subject).
 */
class SchemaEvolutionTest {

    @Test
    void everySchemaReadsDataWrittenWithEveryCommittedVersion() {
        AvroSources sources = AvroSources.module();
        StringBuilder notes = new StringBuilder();
        Optional<GitHistory> git = GitHistory.open(sources.dir(), notes);

        SchemaHistoryCheck.Report report = SchemaHistoryCheck.run(sources, git, notes);

        System.out.println("Schema evolution (BACKWARD_TRANSITIVE against git history):\n" + report.text());
        assertFalse(sources.schemaFiles().isEmpty(), "no .avsc files found under " + sources.dir());
        assertTrue(report.failures().isEmpty(),
                "Incompatible schema changes:\n  " + String.join("\n  ", report.failures()));
    }

    @Test
    void guardRejectsANewFieldWithoutDefaultAndAcceptsOneWithDefault() {
        Schema published = AvroSources.module().parseCurrent("identity/UserSuspended.avsc");

        Schema withoutDefault = withExtraField(published,
                new Schema.Field("appeal_channel", Schema.create(Schema.Type.STRING), "Where to appeal."));
        Optional<String> problems = Compatibility.problemsReading(withoutDefault, published);
        assertTrue(problems.isPresent(), "a required field added without default must be rejected");
        assertTrue(problems.get().contains("appeal_channel"), problems.get());
        assertTrue(problems.get().contains("READER_FIELD_MISSING_DEFAULT_VALUE"), problems.get());

        Schema withDefault = withExtraField(published,
                new Schema.Field("appeal_channel", Schema.create(Schema.Type.STRING), "Where to appeal.", "email"));
        assertEquals(Optional.empty(), Compatibility.problemsReading(withDefault, published));

        Schema nullable = withExtraField(published, new Schema.Field("appeal_channel",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "Where to appeal.", Schema.Field.NULL_DEFAULT_VALUE));
        assertEquals(Optional.empty(), Compatibility.problemsReading(nullable, published));
    }

    /**
     * The whole guard, git included, on a throw-away repository: a committed schema, then a working
     * tree that adds a field without a default, must fail naming the file and the commit.
     */
    @Test
    void guardFailsOnAnIncompatibleWorkingTreeChangeAgainstACommittedVersion(@TempDir Path repo) throws IOException {
        assumeTrue(gitWorks(repo), "git is not available here");
        Path avroDir = repo.resolve("schemas/avro/src/main/avro");
        Path module = AvroSources.module().dir();
        for (String imported : AvroSources.IMPORTS) {
            copy(module.resolve(imported), avroDir.resolve(imported));
        }
        Path event = avroDir.resolve("identity/UserReinstated.avsc");
        copy(module.resolve("identity/UserReinstated.avsc"), event);
        git(repo, "init", "-q");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=test", "-c", "user.email=test@cohort.invalid", "commit", "-q", "-m", "v1");
        String v1 = git(repo, "rev-parse", "HEAD").strip();

        AvroSources sources = new AvroSources(avroDir);
        Schema current = sources.parseCurrent("identity/UserReinstated.avsc");
        Schema changed = withExtraField(current,
                new Schema.Field("note", Schema.create(Schema.Type.STRING), "Why the account came back."));
        Files.writeString(event, changed.toString(true));

        StringBuilder notes = new StringBuilder();
        SchemaHistoryCheck.Report report = SchemaHistoryCheck.run(sources, GitHistory.open(avroDir, notes), notes);

        System.out.println("Throw-away repository:\n" + report.text() + "\n" + report.failures());
        assertEquals(1, report.failures().size(), report.failures().toString());
        String failure = report.failures().get(0);
        assertTrue(failure.startsWith("identity/UserReinstated.avsc:"), failure);
        assertTrue(failure.contains(v1.substring(0, 12)), failure);
        assertTrue(failure.contains("READER_FIELD_MISSING_DEFAULT_VALUE") && failure.contains("note"), failure);
        assertTrue(report.text().contains("identity/UserReinstated.avsc: compared with 1 earlier committed version"),
                report.text());
    }

    static Schema withExtraField(Schema record, Schema.Field extra) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(extra);
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    private static boolean gitWorks(Path dir) {
        try {
            return GitHistory.run(dir, "--version").exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String git(Path repo, String... args) {
        GitHistory.Result result = GitHistory.run(repo, args);
        assertEquals(0, result.exitCode(), () -> "git " + String.join(" ", args) + ": " + result.stderr());
        return result.stdout();
    }
}
