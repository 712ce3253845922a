package dev.cohort.testkit.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what must never be in a log: access and refresh tokens (JWTs, {@code Bearer} credentials), passwords
 * ({@code password=...}, {@code "password":"..."}) and e-mail addresses. Findings name the file, line and kind and
 * show the match shortened, so a report does not repeat the secret.
 */
public final class LogSecrets {

    /** One thing found. */
    public record Finding(Path file, int line, String kind, String excerpt) {
        @Override
        public String toString() {
            return file + ":" + line + " " + kind + " " + excerpt;
        }
    }

    private static final Map<String, Pattern> KINDS = Map.of(
            "JWT", Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
            "bearer token", Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/-]{16,}=*"),
            "password", Pattern.compile("(?i)\"?\\b(password|passwd|secret)\"?\\s*[=:]\\s*\"?(?!\\[?(redacted|\\*+|masked|null)\\b)"
                    + "[^\\s\",}\\]]{3,}"),
            "e-mail address", Pattern.compile("\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b"));

    private LogSecrets() {
    }

    /**
     * The first line of a log record, as the services and libraries write them: a JSON record, or a line that starts
     * with its date and time or its time of day (Spring's and logback's default patterns). Other lines of a test's
     * output are the test's own prints and the stack traces under a record.
     */
    public static final Predicate<String> LOG_RECORD = Pattern.compile(
            "^(\\{\"@timestamp\"|\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d|\\d\\d:\\d\\d:\\d\\d[.,]\\d{3} )")
            .asPredicate();

    /** Everything found in these files (lines read as UTF-8, malformed bytes replaced). */
    public static List<Finding> scan(List<Path> files) {
        return scan(files, line -> true);
    }

    /** Everything found in the lines of these files that {@code kept} keeps. */
    public static List<Finding> scan(List<Path> files, Predicate<String> kept) {
        List<Finding> findings = new ArrayList<>();
        for (Path file : files) {
            String[] lines;
            try {
                lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1);
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
            for (int i = 0; i < lines.length; i++) {
                if (!kept.test(lines[i])) {
                    continue;
                }
                for (var kind : KINDS.entrySet()) {
                    Matcher match = kind.getValue().matcher(lines[i]);
                    if (match.find()) {
                        findings.add(new Finding(file, i + 1, kind.getKey(), shortened(match.group())));
                    }
                }
            }
        }
        return findings;
    }

    private static String shortened(String secret) {
        return secret.length() <= 8 ? secret.charAt(0) + "…" : secret.substring(0, 6) + "…(" + secret.length() + ")";
    }
}
