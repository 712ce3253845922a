package dev.cohort.events.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Committed versions of files, read with the git command line from the repository root. */
final class GitHistory {
    private static final long TIMEOUT_SECONDS = 60;

    private final Path root;
    private final boolean shallow;

    private GitHistory(Path root, boolean shallow) {
        this.root = root;
        this.shallow = shallow;
    }

    /**
     * The repository containing {@code start}, or empty with a reason printed when there is none or
     * git cannot be run.
     */
    static Optional<GitHistory> open(Path start, StringBuilder notes) {
        Path root = start.toAbsolutePath().normalize();
        while (root != null && !Files.exists(root.resolve(".git"))) {
            root = root.getParent();
        }
        if (root == null) {
            notes.append("WARNING: no .git above ").append(start.toAbsolutePath())
                    .append("; schema history cannot be checked in this copy of the sources.\n");
            return Optional.empty();
        }
        Result version;
        try {
            version = run(root, "--version");
        } catch (UncheckedIOException e) {
            notes.append("WARNING: git cannot be run (").append(e.getCause().getMessage())
                    .append("); schema history cannot be checked.\n");
            return Optional.empty();
        }
        if (version.exitCode != 0) {
            notes.append("WARNING: 'git --version' failed: ").append(version.stderr.strip())
                    .append("; schema history cannot be checked.\n");
            return Optional.empty();
        }
        Result shallowQuery = run(root, "rev-parse", "--is-shallow-repository");
        if (shallowQuery.exitCode != 0) {
            // Not a usable repository (e.g. a broken .git): that is an error, not "no history".
            throw new IllegalStateException("git rev-parse failed in " + root + ": " + shallowQuery.stderr.strip());
        }
        boolean shallow = shallowQuery.stdout.strip().equals("true");
        if (shallow) {
            notes.append("WARNING: ").append(root).append(" is a shallow clone; only the history present locally ")
                    .append("is checked (run 'git fetch --unshallow' for a full check).\n");
        }
        return Optional.of(new GitHistory(root, shallow));
    }

    Path root() {
        return root;
    }

    boolean shallow() {
        return shallow;
    }

    /** Commits (newest first) in which {@code path} (relative to the root, '/'-separated) exists. */
    List<String> commitsContaining(String path) {
        Result log = run(root, "log", "--format=%H", "--", path);
        if (log.exitCode != 0) {
            throw new IllegalStateException("git log failed for " + path + ": " + log.stderr.strip());
        }
        List<String> commits = new ArrayList<>();
        for (String sha : log.stdout.split("\n")) {
            sha = sha.strip();
            // git log also lists the commit that deleted the file; it holds no version of it.
            if (!sha.isEmpty() && exists(sha, path)) {
                commits.add(sha);
            }
        }
        return commits;
    }

    boolean exists(String commit, String path) {
        return run(root, "cat-file", "-e", commit + ":" + path).exitCode == 0;
    }

    /** The file as of {@code commit}, or empty if it did not exist then. */
    Optional<String> show(String commit, String path) {
        if (!exists(commit, path)) {
            return Optional.empty();
        }
        Result show = run(root, "show", commit + ":" + path);
        if (show.exitCode != 0) {
            throw new IllegalStateException("git show " + commit + ":" + path + " failed: " + show.stderr.strip());
        }
        return Optional.of(show.stdout);
    }

    /** '/'-separated path of {@code file} relative to the repository root. */
    String relative(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs git in {@code root} (never prompts; stdout and stderr captured). */
    static Result run(Path root, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "safe.directory=" + root, "-C", root.toString()));
        command.addAll(Arrays.asList(args));
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).start();
            process.getOutputStream().close();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String stdout = readAll(process.getInputStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), stdout, stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + String.join(" ", command), e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
