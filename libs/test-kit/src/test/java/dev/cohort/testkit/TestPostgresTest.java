package dev.cohort.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

    @Test
    void autoModeUsesThePostgresAlreadyListeningOnLocalhost() {
        assumeTrue(RequestedMode.current() == RequestedMode.AUTO, "mode is forced");
        assumeTrue(Probes.portOpen(TestPostgres.LOCAL_HOST, TestPostgres.LOCAL_PORT), "nothing listens on 5432");

        assertThat(TestPostgres.shared().mode()).isEqualTo(InfrastructureMode.LOCAL);
        assertThat(TestPostgres.shared()).isSameAs(TestPostgres.shared());
    }

    @Test
    void createsANewEmptyDatabaseNamedAfterTheHint() throws SQLException {
        TestDatabase database = TestPostgres.shared().createDatabase("Chat Service/Test!");

        assertThat(database.name()).matches("cohort_test_chat_service_test_[0-9a-f]{8}");
        assertThat(database.jdbcUrl()).startsWith("jdbc:postgresql://").endsWith("/" + database.name());
        assertThat(queryString(database, "select current_database()")).isEqualTo(database.name());
        assertThat(queryString(database,
                "select count(*)::text from information_schema.tables where table_schema = 'public'"))
                .isEqualTo("0");
    }

    @Test
    void databasesFromOneServerAreIsolated() throws SQLException {
        TestPostgres postgres = TestPostgres.shared();
        TestDatabase first = postgres.createDatabase("isolation");
        TestDatabase second = postgres.createDatabase("isolation");

        execute(first, "create table greeting (text varchar(20))");
        execute(first, "insert into greeting values ('hello')");

        assertThat(first.name()).isNotEqualTo(second.name());
        assertThat(queryString(first, "select text from greeting")).isEqualTo("hello");
        assertThat(queryString(second, "select coalesce(to_regclass('greeting')::text, 'absent')"))
                .isEqualTo("absent");
    }

    @Test
    void dropsTheDatabasesItCreatedEvenWithOpenConnections() throws SQLException {
        TestPostgres postgres = TestPostgres.shared();
        TestDatabase database = postgres.createDatabase("dropped");

        try (Connection stillOpen = database.dataSource().getConnection()) {
            postgres.dropDatabases(List.of(database.name()));
            assertThat(stillOpen.isValid(1)).isFalse();
        }

        TestDatabase other = postgres.createDatabase("observer");
        assertThat(queryString(other,
                "select count(*)::text from pg_database where datname = '" + database.name() + "'"))
                .isEqualTo("0");
    }

    static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String queryString(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as("a row from: %s", sql).isTrue();
            return result.getString(1);
        }
    }
}
