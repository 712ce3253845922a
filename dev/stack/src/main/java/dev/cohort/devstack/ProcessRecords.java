package dev.cohort.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The processes of a local stack, one record per process in {@code <home>/run/<name>.pid}: the stack's JVM
 * ({@code stack}) and every server it spawns outside itself (embedded PostgreSQL and Redis). When the JVM dies
 * hard (SIGKILL, out of memory) its servers live on and hold their ports; the next start finds them here and stops
 * them, and {@code ./cohort status}/{@code down} read the same files.
 *
 * <p>A record holds the pid, the executable and the start time, so that a pid the system has since given to
 * another process is never taken for ours: a process is ours only when all three match (start times within
 * {@link #START_TOLERANCE}, since the kernel's boot time, from which start times are computed, may be read
 * differently by two JVMs).
 */
final class ProcessRecords {

    /** Name of the record of the stack's own JVM. */
    static final String STACK = "stack";
    static final Duration START_TOLERANCE = Duration.ofSeconds(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /**
     * One recorded process.
     *
     * @param pid     its process id
     * @param command its executable, as the system reports it
     * @param started when it started
     */
    record ProcessRecord(long pid, String command, Instant started) {

        /** The record of a running process; empty when it has ended or the system does not tell its details. */
        static Optional<ProcessRecord> of(ProcessHandle process) {
            ProcessHandle.Info info = process.info();
            if (!process.isAlive() || info.command().isEmpty() || info.startInstant().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ProcessRecord(process.pid(), info.command().get(), info.startInstant().get()));
        }

        /** The process this record names, while it still runs and is still the same process. */
        Optional<ProcessHandle> running() {
            return ProcessHandle.of(pid).filter(process -> ProcessRecord.of(process)
                    .filter(now -> now.command().equals(command)
                            && Duration.between(now.started(), started).abs().compareTo(START_TOLERANCE) <= 0)
                    .isPresent());
        }

        /** As stored: {@code key=value} lines, read by {@link #parse} and by the {@code cohort} script. */
        String format() {
            Path executable = Path.of(command).getFileName();
            return "pid=" + pid + "\n"
                    + "command=" + command + "\n"
                    + "executable=" + (executable == null ? command : executable) + "\n"
                    + "started=" + started + "\n"
                    + "started-epoch-seconds=" + started.getEpochSecond() + "\n";
        }

        static Optional<ProcessRecord> parse(List<String> lines) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : lines) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    fields.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
            try {
                return Optional.of(new ProcessRecord(Long.parseLong(fields.get("pid")), fields.get("command"),
                        Instant.parse(fields.get("started"))));
            } catch (RuntimeException unreadable) {
                return Optional.empty();
            }
        }
    }

    private final Path directory;

    ProcessRecords(Path directory) {
        this.directory = directory;
    }

    /**
     * Makes this JVM the stack of its home: refuses when a live stack already runs there (its servers are not
     * leftovers), stops whatever a dead run left behind, and records this JVM.
     *
     * @return a line per leftover process stopped, for the person starting the stack
     */
    List<String> claim() throws IOException {
        Files.createDirectories(directory);
        ProcessHandle self = ProcessHandle.current();
        Optional<ProcessHandle> other = running(STACK).filter(stack -> stack.pid() != self.pid());
        if (other.isPresent()) {
            throw new IllegalStateException("Cohort already runs with the data in " + directory.getParent()
                    + " (pid " + other.get().pid() + "); ./cohort down stops it");
        }
        List<String> stopped = new ArrayList<>();
        for (String name : names()) {
            if (name.equals(STACK)) {
                continue;
            }
            Optional<ProcessHandle> leftover = running(name);
            if (leftover.isPresent()) {
                stop(leftover.get());
                stopped.add("stopped " + name + " (pid " + leftover.get().pid() + ") left running by an earlier run");
            }
            forget(name);
        }
        record(STACK, self);
        return stopped;
    }

    /** Records {@code process} under {@code name}, replacing an earlier record. */
    void record(String name, ProcessHandle process) throws IOException {
        ProcessRecord record = ProcessRecord.of(process).orElseThrow(() -> new IOException(
                name + " (pid " + process.pid() + ") ended before it could be recorded"));
        Files.createDirectories(directory);
        Path target = file(name);
        Path written = Files.writeString(directory.resolve(name + ".pid.tmp"), record.format());
        try {
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException notAtomic) {
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Records the process whose pid a server wrote into {@code serverPidFile} (first line). */
    void recordFromPidFile(String name, Path serverPidFile) throws IOException {
        String firstLine = Files.readAllLines(serverPidFile).stream().findFirst().orElse("").trim();
        long pid;
        try {
            pid = Long.parseLong(firstLine);
        } catch (NumberFormatException unreadable) {
            throw new IOException(serverPidFile + " holds no pid");
        }
        record(name, ProcessHandle.of(pid).orElseThrow(() -> new IOException(
                name + " (pid " + pid + ") ended before it could be recorded")));
    }

    /** The process recorded under {@code name}, while it still runs and is still the same process. */
    Optional<ProcessHandle> running(String name) {
        try {
            return ProcessRecord.parse(Files.readAllLines(file(name))).flatMap(ProcessRecord::running);
        } catch (IOException missing) {
            return Optional.empty();
        }
    }

    void forget(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException cannotDelete) {
            throw new UncheckedIOException(cannotDelete);
        }
    }

    /** Names of every record there is. */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.pid")) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                names.add(fileName.substring(0, fileName.length() - ".pid".length()));
            }
        }
        return names;
    }

    /** Asks the process to stop (SIGTERM: Redis and PostgreSQL shut down cleanly); kills it if it does not. */
    private static void stop(ProcessHandle process) throws IOException {
        process.destroy();
        try {
            process.onExit().get(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException stuck) {
            process.destroyForcibly();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                throw new IOException("could not stop pid " + process.pid(), stillThere);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping pid " + process.pid(), interrupted);
        } catch (java.util.concurrent.ExecutionException impossible) {
            throw new IOException(impossible);
        }
    }

    private Path file(String name) {
        return directory.resolve(name + ".pid");
    }
}
