package dev.cohort.testkit;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One test's own PostgreSQL database.
 *
 * @param password empty when the server trusts local connections
 */
public record TestDatabase(String name, String jdbcUrl, String username, String password) {

    /** A plain, non-pooled DataSource: every {@code getConnection()} opens a new connection. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(username);
        if (password != null && !password.isEmpty()) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }
}
