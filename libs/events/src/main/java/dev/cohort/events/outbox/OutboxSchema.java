package dev.cohort.events.outbox;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates the outbox and processed-events tables with Flyway, in a history table of their own, so the shared
 * migrations and each service's migrations evolve independently.
 */
public final class OutboxSchema {

    static final String HISTORY_TABLE = "cohort_events_schema_history";

    private final DataSource dataSource;

    public OutboxSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/cohort-events")
                .table(HISTORY_TABLE)
                // The service's own tables may already be there; our history starts before our first script.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
