package dev.cohort.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.ports.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect 11: the stack's JVM dies hard (SIGKILL) and leaves its embedded PostgreSQL and Redis running, holding
 * their ports. The next start in the same home stops them (found through the process records) and starts its own;
 * no process of the dead run is left.
 */
class StackAfterCrashTest {

    @TempDir
    Path home;

    static StackSettings settings(Path home, int postgresPort, int redisPort) {
        return new StackSettings(home, 0, 0, 0, 0, 0, 0, 0, 0, postgresPort, redisPort,
                Optional.empty(), "postgres", "", Optional.empty());
    }

    @Test
    void aStartAfterTheJvmWasKilledStopsWhatItLeftAndSucceeds() throws Exception {
        StackSettings settings = settings(home, FreePorts.pick(), FreePorts.pick());
        Files.createDirectories(settings.logFile().getParent());
        ProcessRecords records = new ProcessRecords(settings.runDir());
        List<ProcessHandle> orphans = new ArrayList<>();
        try {
            Process child = startChildStack(settings);
            ProcessHandle postgres = records.running(EmbeddedPostgres.PROCESS).orElseThrow();
            ProcessHandle redis = records.running(EmbeddedRedis.PROCESS).orElseThrow();
            orphans.addAll(List.of(postgres, redis));
            assertThat(records.running(ProcessRecords.STACK)).map(ProcessHandle::pid).contains(child.pid());

            child.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(postgres.isAlive()).as("PostgreSQL outlives the killed JVM").isTrue();
            assertThat(redis.isAlive()).as("Redis outlives the killed JVM").isTrue();
            assertThat(listening(settings.embeddedRedisPort())).as("the orphan holds Redis's port").isTrue();

            List<String> stopped = records.claim();
            try (EmbeddedPostgres newPostgres = EmbeddedPostgres.start(settings, records);
                 EmbeddedRedis newRedis = EmbeddedRedis.start(settings, records)) {
                assertThat(stopped).hasSize(2);
                assertThat(postgres.isAlive()).as("the dead run's PostgreSQL").isFalse();
                assertThat(redis.isAlive()).as("the dead run's Redis").isFalse();
                try (var connection = DriverManager.getConnection(newPostgres.database("after_crash"),
                        newPostgres.user(), newPostgres.password())) {
                    assertThat(connection.isValid(5)).isTrue();
                }
                assertThat(ping(settings.embeddedRedisPort())).isEqualTo("+PONG");
                orphans.add(records.running(EmbeddedPostgres.PROCESS).orElseThrow());
                orphans.add(records.running(EmbeddedRedis.PROCESS).orElseThrow());
            }
            records.forget(ProcessRecords.STACK);
            // pg_ctl stop returns once the postmaster removed its pid file, a moment before the process ends.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(orphans).noneMatch(ProcessHandle::isAlive));
            assertThat(records.names()).isEmpty();
        } finally {
            orphans.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** A child JVM that starts the embedded servers in {@code settings}' home and reports READY. */
    private static Process startChildStack(StackSettings settings) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                EmbeddedServersChild.class.getName(), settings.home().toString(),
                Integer.toString(settings.embeddedPostgresPort()), Integer.toString(settings.embeddedRedisPort()))
                .redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            // Reads until the child ends, so that it never blocks on a full pipe.
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException ended) {
                // the child is gone
            }
            ready.completeExceptionally(new IllegalStateException("the child stack ended before it was ready"));
        }, "child-stack-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(180, TimeUnit.SECONDS);
        } catch (Exception notReady) {
            child.destroyForcibly();
            throw notReady;
        }
        return child;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static String ping(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }
}
