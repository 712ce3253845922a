package dev.cohort.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** PostgreSQL for the local stack: embedded (data kept in a folder) or an existing server, one database per service. */
final class EmbeddedPostgres implements AutoCloseable {

    /** Name of the postmaster's record in {@link ProcessRecords}. */
    static final String PROCESS = "postgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres embedded;
    private final ProcessRecords records;
    private final String baseUrl;
    private final String user;
    private final String password;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres embedded, ProcessRecords records,
                             String baseUrl, String user, String password) {
        this.embedded = embedded;
        this.records = records;
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * Starts the embedded server (or connects to the configured external one) and records the postmaster, which
     * outlives this JVM if it dies hard: PostgreSQL runs it detached, and it writes its pid to {@code postmaster.pid}
     * in the data folder.
     */
    static EmbeddedPostgres start(StackSettings settings, ProcessRecords records) throws IOException {
        if (settings.externalPostgres().isPresent()) {
            String url = settings.externalPostgres().get();
            return new EmbeddedPostgres(null, records, url.substring(0, url.lastIndexOf('/') + 1), settings.postgresUser(),
                    settings.postgresPassword());
        }
        Path data = settings.dataDir("postgres");
        Files.createDirectories(data);
        var server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                // The stack stops it last (LocalStack.close); a shutdown hook of its own would stop it while the
                // services still use it.
                .setRegisterShutdownHook(false)
                .setPort(settings.embeddedPostgresPort())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
                .start();
        try {
            records.recordFromPidFile(PROCESS, data.resolve("postmaster.pid"));
        } catch (IOException unrecorded) {
            server.close();
            throw unrecorded;
        }
        return new EmbeddedPostgres(server, records, "jdbc:postgresql://127.0.0.1:" + settings.embeddedPostgresPort() + "/",
                "postgres", "");
    }

    /** JDBC URL of the service's database, created when missing. */
    String database(String name) throws SQLException {
        try (Connection admin = DriverManager.getConnection(baseUrl + "postgres", user, password);
             Statement statement = admin.createStatement();
             var exists = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
            if (!exists.next()) {
                statement.execute("create database " + name);
            }
        }
        return baseUrl + name;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    String describe() {
        return embedded == null ? "external " + baseUrl : "embedded, port " + embedded.getPort();
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
            records.forget(PROCESS);
        }
    }
}
