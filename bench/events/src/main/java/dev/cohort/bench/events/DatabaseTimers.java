package dev.cohort.bench.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.SqlProvider;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Where the relay spends its database time: a JdbcTemplate and a transaction manager that add the wall time of
 * each statement (by kind) and of each begin and commit. Plain subclasses, so the relay runs the same code and
 * SQL as in production; the bookkeeping costs two {@code nanoTime()} calls per statement.
 */
final class DatabaseTimers {

    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void reset() {
        nanos.clear();
        counts.clear();
    }

    /** Kind → [total nanos, count], in a stable order. */
    Map<String, long[]> snapshot() {
        Map<String, long[]> snapshot = new LinkedHashMap<>();
        for (String kind : new String[] {"begin", "advisory locks", "claim (delete returning)", "commit", "other"}) {
            LongAdder total = nanos.get(kind);
            if (total != null) {
                snapshot.put(kind, new long[] {total.sum(), counts.get(kind).sum()});
            }
        }
        return snapshot;
    }

    private void add(String kind, long elapsed) {
        nanos.computeIfAbsent(kind, k -> new LongAdder()).add(elapsed);
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    private static String kindOf(Object statementCreator) {
        String sql = statementCreator instanceof SqlProvider provider && provider.getSql() != null
                ? provider.getSql().strip().toLowerCase() : "";
        // The relay's claim takes its partitions' advisory locks in the same statement (ADR 77): a claim first.
        if (sql.contains("delete") && sql.contains("returning")) {
            return "claim (delete returning)";
        }
        if (sql.contains("pg_try_advisory")) {
            return "advisory locks";
        }
        return "other";
    }

    JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource) {
            @Override
            public <T> T query(PreparedStatementCreator psc, PreparedStatementSetter pss, ResultSetExtractor<T> rse)
                    throws DataAccessException {
                long start = System.nanoTime();
                try {
                    return super.query(psc, pss, rse);
                } finally {
                    add(kindOf(psc), System.nanoTime() - start);
                }
            }

            @Override
            protected int update(PreparedStatementCreator psc, PreparedStatementSetter pss) throws DataAccessException {
                long start = System.nanoTime();
                try {
                    return super.update(psc, pss);
                } finally {
                    add(kindOf(psc), System.nanoTime() - start);
                }
            }
        };
    }

    DataSourceTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource) {
            @Override
            protected void doBegin(Object transaction, TransactionDefinition definition) {
                long start = System.nanoTime();
                try {
                    super.doBegin(transaction, definition);
                } finally {
                    add("begin", System.nanoTime() - start);
                }
            }

            @Override
            protected void doCommit(DefaultTransactionStatus status) {
                long start = System.nanoTime();
                try {
                    super.doCommit(status);
                } finally {
                    add("commit", System.nanoTime() - start);
                }
            }
        };
    }
}
