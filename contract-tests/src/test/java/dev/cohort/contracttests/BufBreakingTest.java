package dev.cohort.contracttests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code buf breaking} (FILE rules, from {@code proto/buf.yaml}) compares the contracts in this checkout with those on
 * the main branch, so a change that would break existing clients fails the build with buf's reason. A second test
 * proves the gate bites: removing a field from a message is reported.
 *
 * <p>Images are built from source by buf itself; the googleapis and protovalidate imports come from the Maven jars
 * (unpacked into {@code target/proto-imports}), so nothing is fetched from the Buf Schema Registry.
 */
class BufBreakingTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void contractsDoNotBreakWhatIsOnMain() throws IOException {
        String main = mainRef();
        Path baseline = ContractPaths.workDir().resolve("breaking/main");
        List<String> files = git("ls-tree", "-r", "--name-only", "--full-name", main, "--", "../proto/cohort").lines().toList();
        assertThat(files).as("the main branch (%s) has contracts to compare with", main).isNotEmpty();
        recreate(baseline);
        for (String file : files) {
            Path target = baseline.resolve(file.substring("proto/".length()));
            Files.createDirectories(target.getParent());
            Files.writeString(target, git("show", main + ":" + file));
        }

        ExternalProcess.Result result = breaking(image("current", ContractPaths.protoDir()), image("main", baseline));

        assertThat(result.exitCode()).as("buf breaking against %s: %s", main, result.describe()).isZero();
    }

    @Test
    void removingAFieldIsReportedAsBreaking() throws IOException {
        Path changed = ContractPaths.workDir().resolve("breaking/changed");
        recreate(changed);
        copyContracts(ContractPaths.protoDir(), changed);
        Path identity = changed.resolve("cohort/identity/v1/identity.proto");
        String original = Files.readString(identity);
        String withoutDisplayName = original.replace("  // Name shown to other people.\n  string display_name = 3;\n", "");
        assertThat(withoutDisplayName).as("the test edit applies").isNotEqualTo(original);
        Files.writeString(identity, withoutDisplayName);

        ExternalProcess.Result result = breaking(image("changed", changed), image("before-change", ContractPaths.protoDir()));

        // 100 is buf's "found breaking changes" exit code.
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(100);
        assertThat(result.output()).contains("display_name").containsIgnoringCase("deleted");
    }

    private static Path image(String name, Path contracts) {
        Path module = ContractPaths.workDir().resolve("breaking/build-" + name);
        recreate(module);
        copyContracts(contracts, module);
        copyTree(ContractPaths.protoImports(), module);
        Path image = ContractPaths.workDir().resolve("breaking/" + name + ".binpb");
        ExternalProcess.Result built = buf(List.of("build", module.toString(), "-o", image.toString()));
        assertThat(built.exitCode()).as("buf build %s: %s", name, built.describe()).isZero();
        return image;
    }

    private static ExternalProcess.Result breaking(Path current, Path against) {
        return buf(List.of("breaking", current.toString(), "--against", against.toString(), "--path", "cohort",
                "--config", ContractPaths.protoDir().resolve("buf.yaml").toString()));
    }

    /** The branch to compare with: {@code main}, else {@code origin/main}. */
    private static String mainRef() {
        for (String candidate : List.of("main", "origin/main")) {
            if (ExternalProcess.run(ContractPaths.moduleDir(), Map.of(), TIMEOUT,
                    List.of("git", "rev-parse", "--verify", "--quiet", candidate)).exitCode() == 0) {
                return candidate;
            }
        }
        throw new AssertionError("no main branch in this checkout to compare the contracts with");
    }

    private static String git(String... arguments) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        ExternalProcess.Result result = ExternalProcess.run(ContractPaths.moduleDir(), Map.of(), TIMEOUT, command);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result.output();
    }

    private static ExternalProcess.Result buf(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(ContractPaths.nodeBin("buf").toString());
        command.addAll(arguments);
        return ExternalProcess.run(ContractPaths.moduleDir(),
                Map.of("BUF_CACHE_DIR", ContractPaths.workDir().resolve("buf-cache").toString()), TIMEOUT, command);
    }

    /** Only our own contracts ({@code cohort/**}), never build output or config. */
    private static void copyContracts(Path protoDir, Path target) {
        copyTree(protoDir.resolve("cohort"), target.resolve("cohort"));
    }

    private static void copyTree(Path source, Path target) {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".proto"))::iterator) {
                Path destination = target.resolve(source.relativize(file).toString());
                Files.createDirectories(destination.getParent());
                Files.copy(file, destination, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void recreate(Path directory) {
        try {
            if (Files.exists(directory)) {
                try (Stream<Path> walk = Files.walk(directory)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
