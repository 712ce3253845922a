package dev.cohort.testkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSecretsTest {

    @Test
    void findsTokensPasswordsAndAddressesButNotTheirAbsence(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("service.log");
        Files.writeString(log, String.join("\n",
                "{\"message\":\"gRPC call finished\",\"traceId\":\"0af7651916cd43dd8448eb211c80319c\"}",
                "{\"authorization\":\"Bearer abcdefghijklmnopqrstuvwxyz0123\"}",
                "token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJlLWJ5dGVz leaked",
                "{\"password\":\"hunter2hunter2\"}",
                "registered ada@example.org",
                "password=[REDACTED] and a password rule: at least 12 characters"));

        List<LogSecrets.Finding> findings = LogSecrets.scan(List.of(log));

        assertThat(findings).extracting(LogSecrets.Finding::line, LogSecrets.Finding::kind).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(2, "bearer token"),
                org.assertj.core.groups.Tuple.tuple(3, "JWT"),
                org.assertj.core.groups.Tuple.tuple(4, "password"),
                org.assertj.core.groups.Tuple.tuple(5, "e-mail address"));
        assertThat(findings).allSatisfy(finding -> assertThat(finding.toString()).doesNotContain("hunter2hunter2"));
    }
}
