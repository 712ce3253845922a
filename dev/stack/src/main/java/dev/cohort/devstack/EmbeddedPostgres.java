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

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres embedded;
    private final String baseUrl;
    private final String user;
    private final String password;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres embedded, String baseUrl,
                             String user, String password) {
        this.embedded = embedded;
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
    }

    static EmbeddedPostgres start(StackSettings settings) throws IOException {
        if (settings.externalPostgres().isPresent()) {
            String url = settings.externalPostgres().get();
            return new EmbeddedPostgres(null, url.substring(0, url.lastIndexOf('/') + 1), settings.postgresUser(),
                    settings.postgresPassword());
        }
        Path data = settings.dataDir("postgres");
        Files.createDirectories(data);
        var server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(settings.embeddedPostgresPort())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
                .start();
        return new EmbeddedPostgres(server, "jdbc:postgresql://127.0.0.1:" + settings.embeddedPostgresPort() + "/",
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
        }
    }
}
