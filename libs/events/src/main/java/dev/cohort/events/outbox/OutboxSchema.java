package dev.cohort.events.outbox;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates the outbox and processed-events tables with Flyway in their own PostgreSQL schema ({@value #SCHEMA}) with
 * their own history, so the shared migrations and each service's migrations evolve independently and may run in
 * either order.
 */
public final class OutboxSchema {

    /** The PostgreSQL schema holding the outbox and processed events, apart from the service's own tables. */
    public static final String SCHEMA = "cohort_events";
    static final String HISTORY_TABLE = "schema_history";

    private final DataSource dataSource;

    public OutboxSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/cohort-events")
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .load()
                .migrate();
    }
}
