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

    @Test
    void logRecordsOnlyLeaveTheTestsOwnPrintsAndStackTracesOut(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("SomeTest-output.txt");
        Files.writeString(output, String.join("\n",
                "{\"@timestamp\":\"2026-12-07T06:40:00Z\",\"message\":\"sent to ada@example.org\"}",
                "2026-12-07T06:40:00.123Z  INFO 1 --- [identity] [main] d.c.i.Registrations : welcome bo@example.org",
                "06:40:00.123 [main] WARN dev.cohort.mail.Mailer -- refused cy@example.org",
                "serialized {\"email\":\"fixture@example.org\"} to 225 bytes",
                "java.lang.IllegalStateException: Can not deliver message to dee@example.org",
                "\tat dev.cohort.mail.Mailer.send(Mailer.java:10)"));

        assertThat(LogSecrets.scan(List.of(output), LogSecrets.LOG_RECORD)).extracting(LogSecrets.Finding::line)
                .containsExactly(1, 2, 3);
        assertThat(LogSecrets.scan(List.of(output))).extracting(LogSecrets.Finding::line)
                .containsExactly(1, 2, 3, 4, 5);
    }
}
