package dev.cohort.logaudit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.testkit.logs.LogSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * After every other module's tests have run (this module is built last): the log records in what they wrote
 * (surefire and failsafe keep each test class's output in {@code target/*-reports/*-output.txt}: the services' and
 * libraries' logs) hold no access or refresh token, no password and no e-mail address, although the tests registered, signed in, reset
 * passwords and mailed with all of them. The full stack's own log is scanned by {@code FullStackContractTest}.
 */
class SuiteOutputHoldsNoSecretsTest {

    /** The project's root: this module's parent folder. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static final Set<String> REPORTS = Set.of("surefire-reports", "failsafe-reports");
    private static final Set<String> SKIPPED = Set.of("node_modules", ".git", ".cohort", "src");

    /** Modules whose tests run services and always write output: without theirs, the suite has not run. */
    private static final List<String> MUST_HAVE_WRITTEN = List.of("services/identity", "services/chat",
            "services/notification", "contract-tests");

    @Test
    void noModulesTestOutputHoldsTokensPasswordsOrEmailAddresses() {
        List<Path> outputs = testOutputs();
        for (String module : MUST_HAVE_WRITTEN) {
            assertThat(outputs).as("the output of %s's tests (run the whole suite: ./mvnw verify)", module)
                    .anyMatch(file -> file.startsWith(ROOT.resolve(module)));
        }

        // Log records only: a test's own prints (fixtures it made up) and stack-trace lines are not logs.
        assertThat(LogSecrets.scan(outputs, LogSecrets.LOG_RECORD)).as("secrets in the logs of the tests' output")
                .isEmpty();
    }

    /** Every {@code target/surefire-reports} and {@code target/failsafe-reports} output file below the root. */
    private static List<Path> testOutputs() {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    String name = directory.getFileName() == null ? "" : directory.getFileName().toString();
                    return SKIPPED.contains(name) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    Path reports = file.getParent();
                    if (file.getFileName().toString().endsWith("-output.txt")
                            && REPORTS.contains(reports.getFileName().toString())
                            && reports.getParent().getFileName().toString().equals("target")) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        return found;
    }
}
