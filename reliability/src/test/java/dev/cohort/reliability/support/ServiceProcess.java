package dev.cohort.reliability.support;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A service's executable jar running as an OS process of its own on 127.0.0.1, its output in a log file. It is
 * ready when its gRPC health check answers SERVING. It can be killed outright ({@link #kill}: SIGKILL, no shutdown
 * hook runs, as when the machine or the kernel's OOM killer takes it) or asked to stop ({@link #terminate}:
 * SIGTERM, what Kubernetes sends first: Spring's graceful shutdown runs). A process still running when the test JVM
 * exits is killed, so no scenario leaves one behind.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "reliability-child-processes-stop"));
    }

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final Duration startedIn;

    private ServiceProcess(String name, int port, Process process, Path log, Duration startedIn) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.startedIn = startedIn;
    }

    /**
     * Starts {@code java <jvmOptions> -jar <jar> <arguments>} and waits (at most {@code startup}) until the gRPC
     * server on {@code port} reports SERVING; fails early, with the log's tail, if the process exits first.
     */
    public static ServiceProcess start(String name, Path jar, int port, List<String> jvmOptions,
                                       List<String> arguments, Duration startup) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the service first (the reactor builds it "
                    + "before this module; alone: ./mvnw -pl services/chat -am -DskipTests package)");
        }
        Path log = ProcessLogs.file(name);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(arguments);
        long began = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        RUNNING.add(process);
        ServiceProcess started = new ServiceProcess(name, port, process, log, Duration.ZERO);
        try {
            started.awaitServing(startup);
        } catch (RuntimeException | AssertionError failed) {
            started.kill();
            throw failed;
        }
        return new ServiceProcess(name, port, process, log, Duration.ofNanos(System.nanoTime() - began));
    }

    private void awaitServing(Duration startup) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
            String[] last = {"no answer yet"};
            Deadline.await(name + " to serve on 127.0.0.1:" + port, startup, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue()
                            + " while starting; its log ends with:\n" + ProcessLogs.tail(log, 40));
                }
                try {
                    return health.withDeadlineAfter(1, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance())
                            .getStatus() == HealthCheckResponse.ServingStatus.SERVING;
                } catch (StatusRuntimeException notYet) {
                    last[0] = notYet.getStatus().getCode().toString();
                    return false;
                }
            }, () -> last[0] + "; log tail:\n" + ProcessLogs.tail(log, 20));
        } finally {
            channel.shutdownNow();
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** How long it took from launch until its health check said SERVING. */
    public Duration startedIn() {
        return startedIn;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL (on Linux {@link Process#destroyForcibly} is {@code kill -9}); returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /**
     * SIGTERM (on Linux {@link Process#destroy} is {@code kill -15}): the service shuts down gracefully. Returns how
     * long the process took to exit; fails if it has not exited within {@code timeout}.
     */
    public Duration terminate(Duration timeout) {
        long began = System.nanoTime();
        process.destroy();
        awaitExit(timeout);
        return Duration.ofNanos(System.nanoTime() - began);
    }

    private void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " had not exited " + timeout.toSeconds() + " s after the signal");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + name + " to exit", interrupted);
        } finally {
            RUNNING.remove(process);
        }
    }

    /** The exit code (after {@link #kill} or {@link #terminate}). */
    public int exitCode() {
        return process.exitValue();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + ", 127.0.0.1:" + port + "]";
    }
}
