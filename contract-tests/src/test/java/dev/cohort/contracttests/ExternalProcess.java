package dev.cohort.contracttests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program outside the JVM, echoing its combined output to the test log line by line as it comes and
 * keeping it for assertion messages. A run that outlives its timeout is killed, with its child processes.
 */
final class ExternalProcess {

    /** How a run ended; {@code exitCode} is -1 when it timed out. */
    record Result(List<String> command, int exitCode, boolean timedOut, String output) {

        /** A readable account of the run, for assertion messages. */
        String describe() {
            return String.join(" ", command) + "\n"
                    + (timedOut ? "timed out and was killed" : "exit code " + exitCode) + "; output:\n" + output;
        }
    }

    private ExternalProcess() {
    }

    static Result run(Path workingDirectory, Map<String, String> environment, Duration timeout, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        System.out.println("$ " + String.join(" ", command));

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command.get(0) + " (is it installed and on the PATH?)", e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Nothing to tell it anyway.
        }
        StringBuilder output = new StringBuilder();
        Thread pump = new Thread(() -> copyLines(process, output), "output of " + command.get(0));
        pump.setDaemon(true);
        pump.start();

        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                // node --test runs each test file in a child process of its own: stop those too.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            pump.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + command, e);
        }
        synchronized (output) {
            return new Result(List.copyOf(command), finished ? process.exitValue() : -1, !finished, output.toString());
        }
    }

    private static void copyLines(Process process, StringBuilder output) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println(line);
                synchronized (output) {
                    output.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // The process was killed: what we have is what there is.
        }
    }
}
