package dev.cohort.moderation.store;

import dev.cohort.moderation.domain.ReportOutcome;
import dev.cohort.moderation.domain.ReportSubject;
import dev.cohort.paging.TimeAndId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The reports table. */
public final class Reports {

    private final NamedParameterJdbcTemplate jdbc;

    public Reports(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ReportRow report) {
        jdbc.update("insert into reports (report_id, subject, reporter_user_id, reported_user_id, conversation_id, "
                + "message_id, message_sequence, reason, created_at) values (:id, :subject, :reporter, :reported, "
                + ":conversation, :message, :sequence, :reason, :created)", new MapSqlParameterSource()
                .addValue("id", report.id()).addValue("subject", report.subject().name())
                .addValue("reporter", report.reporter()).addValue("reported", report.reported())
                .addValue("conversation", report.conversationId()).addValue("message", report.messageId())
                .addValue("sequence", report.messageSequence()).addValue("reason", report.reason())
                .addValue("created", Timestamp.from(report.createdAt())));
    }

    /** The report, locked until the end of the transaction (one resolution at a time). */
    public Optional<ReportRow> lock(UUID id) {
        return jdbc.query("select * from reports where report_id = :id for update",
                new MapSqlParameterSource("id", id), (rs, row) -> row(rs)).stream().findFirst();
    }

    public Optional<ReportRow> find(UUID id) {
        return jdbc.query("select * from reports where report_id = :id", new MapSqlParameterSource("id", id),
                (rs, row) -> row(rs)).stream().findFirst();
    }

    public void resolve(UUID id, ReportOutcome outcome, String note, UUID resolvedBy, Instant resolvedAt,
                        Instant suspendedUntil) {
        jdbc.update("update reports set outcome = :outcome, resolution_note = :note, resolved_by = :by, "
                + "resolved_at = :at, suspended_until = :until where report_id = :id", new MapSqlParameterSource()
                .addValue("id", id).addValue("outcome", outcome.name()).addValue("note", note)
                .addValue("by", resolvedBy).addValue("at", Timestamp.from(resolvedAt))
                .addValue("until", suspendedUntil == null ? null : Timestamp.from(suspendedUntil)));
    }

    /**
     * Open reports, oldest first, after {@code after} (null for the first page): every one when {@code owner} is
     * null, otherwise those about messages of conversations {@code owner} owns.
     */
    public List<ReportRow> open(UUID owner, TimeAndId after, int limit) {
        StringBuilder sql = new StringBuilder("select r.* from reports r where r.outcome is null");
        MapSqlParameterSource params = new MapSqlParameterSource("limit", limit);
        if (owner != null) {
            sql.append(" and exists (select 1 from conversation_members c where c.conversation_id = r.conversation_id "
                    + "and c.user_id = :owner and c.role = 'OWNER')");
            params.addValue("owner", owner);
        }
        if (after != null) {
            sql.append(" and (r.created_at, r.report_id) > (:at, :id)");
            params.addValue("at", Timestamp.from(after.at())).addValue("id", after.id());
        }
        sql.append(" order by r.created_at, r.report_id limit :limit");
        return jdbc.query(sql.toString(), params, (rs, row) -> row(rs));
    }

    private static ReportRow row(ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        Long sequence = rs.getObject("message_sequence", Long.class);
        return new ReportRow(rs.getObject("report_id", UUID.class), ReportSubject.valueOf(rs.getString("subject")),
                rs.getObject("reporter_user_id", UUID.class), rs.getObject("reported_user_id", UUID.class),
                rs.getObject("conversation_id", UUID.class), rs.getObject("message_id", UUID.class),
                sequence, rs.getString("reason"), instant(rs, "created_at"),
                outcome == null ? null : ReportOutcome.valueOf(outcome), rs.getString("resolution_note"),
                rs.getObject("resolved_by", UUID.class), instant(rs, "resolved_at"), instant(rs, "suspended_until"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
