package dev.cohort.testkit;

import static dev.cohort.testkit.TestPostgresTest.execute;
import static dev.cohort.testkit.TestPostgresTest.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The fallback used where nothing listens locally and there is no Docker: exercised for real. */
class EmbeddedInfrastructureTest {

    @Test
    void embeddedPostgresIsVersion17AndRunsSql() throws SQLException {
        TestPostgres postgres = TestPostgres.embedded();
        TestDatabase database = postgres.createDatabase("embedded");

        execute(database, "create table note (id int primary key, body text)");
        execute(database, "insert into note values (1, 'kept')");

        assertThat(postgres.mode()).isEqualTo(InfrastructureMode.EMBEDDED);
        assertThat(postgres).isSameAs(TestPostgres.embedded());
        assertThat(queryString(database, "select version()")).contains("PostgreSQL 17");
        assertThat(queryString(database, "select body from note where id = 1")).isEqualTo("kept");
    }

    @Test
    void embeddedRedisAnswersPingAndStoresValues() {
        TestRedis redis = TestRedis.embedded();
        String key = redis.newKeyPrefix("embedded") + "greeting";

        try (RespClient client = new RespClient(redis.host(), redis.port(), 2_000)) {
            assertThat(client.call("PING")).isEqualTo("PONG");
            assertThat(client.call("SET", key, "hello")).isEqualTo("OK");
            assertThat(client.call("GET", key)).isEqualTo("hello");
        }
        assertThat(redis.mode()).isEqualTo(InfrastructureMode.EMBEDDED);
        assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
        assertThat(redis).isSameAs(TestRedis.embedded());
    }
}
