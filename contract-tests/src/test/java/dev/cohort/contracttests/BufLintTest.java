package dev.cohort.contracttests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contracts pass {@code buf lint} with the rules in {@code proto/buf.yaml} (STANDARD + COMMENTS), and that
 * gate does reject a badly named, undocumented message.
 *
 * <p>buf lints the descriptor set cohort-proto builds (imports and source info included), so it never needs
 * the Buf Schema Registry for googleapis or protovalidate; {@code --path cohort} limits it to our own files.
 */
class BufLintTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    @Test
    void contractsPassLintWithTheProjectRules() {
        ExternalProcess.Result result = buf(List.of(
                ContractPaths.descriptorSet().toString(),
                "--path", "cohort",
                "--config", bufConfig().toString()));

        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    @Test
    void lintRejectsAMessageThatIsNotPascalCaseOrDocumented() throws IOException {
        Path module = ContractPaths.workDir().resolve("lint-gate");
        Path proto = module.resolve("gate/v1/gate.proto");
        Files.createDirectories(proto.getParent());
        Files.writeString(proto, """
                syntax = "proto3";

                package gate.v1;

                message badName {
                  string value = 1;
                }
                """);

        ExternalProcess.Result result = buf(List.of(module.toString(), "--config", bufConfig().toString()));

        // 100 is buf's "lint found problems" exit code; anything else would mean buf itself failed.
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(100);
        assertThat(result.output())
                .as("STANDARD names the casing rule")
                .contains("Message name \"badName\" should be PascalCase")
                .as("COMMENTS asks for documentation, so proto/buf.yaml was applied")
                .contains("Message \"badName\" should have a non-empty comment");
    }

    private static Path bufConfig() {
        return ContractPaths.protoDir().resolve("buf.yaml");
    }

    private static ExternalProcess.Result buf(List<String> lintArguments) {
        List<String> command = new ArrayList<>();
        command.add(ContractPaths.nodeBin("buf").toString());
        command.add("lint");
        command.addAll(lintArguments);
        // buf's cache under target/, not the user's home: the build leaves nothing behind.
        Map<String, String> environment =
                Map.of("BUF_CACHE_DIR", ContractPaths.workDir().resolve("buf-cache").toString());
        return ExternalProcess.run(ContractPaths.moduleDir(), environment, TIMEOUT, command);
    }
}
