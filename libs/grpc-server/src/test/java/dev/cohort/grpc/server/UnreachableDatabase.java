package dev.cohort.grpc.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A PostgreSQL data source the way the services configure theirs (Hikari, Spring transactions), pointed at a port of
 * 127.0.0.1 that nothing listens on: every transaction fails as it would while the database is down.
 */
final class UnreachableDatabase {

    private static final HikariDataSource DATA_SOURCE = dataSource();

    private UnreachableDatabase() {
    }

    /** Runs a one-statement transaction, which fails because no connection can be had. */
    static Integer selectOne() {
        return new TransactionTemplate(new DataSourceTransactionManager(DATA_SOURCE))
                .execute(status -> new JdbcTemplate(DATA_SOURCE).queryForObject("select 1", Integer.class));
    }

    private static HikariDataSource dataSource() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/cohort_test");
        config.setUsername("postgres");
        config.setConnectionTimeout(1_000);
        config.setInitializationFailTimeout(-1); // start without a database, as a service does when it is down
        config.setMaximumPoolSize(1);
        return new HikariDataSource(config);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
