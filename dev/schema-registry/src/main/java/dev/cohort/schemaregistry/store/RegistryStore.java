package dev.cohort.schemaregistry.store;

import dev.cohort.schemaregistry.domain.CompatibilityLevel;
import dev.cohort.schemaregistry.domain.SchemaReference;
import dev.cohort.schemaregistry.domain.StoredSchema;
import dev.cohort.schemaregistry.domain.SubjectVersion;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Schemas, subject versions and compatibility settings in PostgreSQL. */
@Repository
public class RegistryStore {
    /** Key of the global compatibility setting in registry_config. */
    private static final String GLOBAL = "";
    /** Arbitrary constant naming the advisory lock that serializes all writes. */
    private static final long WRITE_LOCK = 0x5C4E_4D41_5245_47L;

    private final JdbcClient jdbc;

    public RegistryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serializes writers until the current transaction ends, so that "is it there yet? then add it"
     * never races: a registry for local runs has little write traffic and simple is worth more.
     */
    public void lockForWrite() {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(WRITE_LOCK).query().singleRow();
    }

    // ---- schemas ----

    public Optional<Integer> findSchemaId(String fingerprint) {
        return jdbc.sql("select id from registry_schema where fingerprint = ?")
                .param(fingerprint).query(Integer.class).optional();
    }

    public int insertSchema(String schemaType, String schemaText, String fingerprint, List<SchemaReference> references) {
        int id = jdbc.sql("insert into registry_schema (schema_type, schema_text, fingerprint) values (?, ?, ?) returning id")
                .params(schemaType, schemaText, fingerprint).query(Integer.class).single();
        for (int position = 0; position < references.size(); position++) {
            SchemaReference reference = references.get(position);
            jdbc.sql("insert into registry_schema_reference (schema_id, position, name, subject, version) "
                            + "values (?, ?, ?, ?, ?)")
                    .params(id, position, reference.name(), reference.subject(), reference.version()).update();
        }
        return id;
    }

    public Optional<StoredSchema> findSchema(int id) {
        return jdbc.sql("select schema_type, schema_text from registry_schema where id = ?").param(id)
                .query((rs, row) -> new StoredSchema(id, rs.getString(1), rs.getString(2), references(id)))
                .optional();
    }

    private List<SchemaReference> references(int schemaId) {
        return jdbc.sql("select name, subject, version from registry_schema_reference where schema_id = ? order by position")
                .param(schemaId)
                .query((rs, row) -> new SchemaReference(rs.getString(1), rs.getString(2), rs.getInt(3)))
                .list();
    }

    /** Whether any schema imports the given subject's version (then it must not be hard-deleted). */
    public boolean isReferenced(String subject, int version) {
        return jdbc.sql("select exists (select 1 from registry_schema_reference where subject = ? and version = ?)")
                .params(subject, version).query(Boolean.class).single();
    }

    // ---- subjects and versions ----

    public List<String> subjects(boolean includeDeleted) {
        return jdbc.sql("select distinct subject from registry_subject_version"
                        + (includeDeleted ? "" : " where not deleted") + " order by subject")
                .query(String.class).list();
    }

    /** The subject's versions, oldest first. */
    public List<SubjectVersion> versions(String subject, boolean includeDeleted) {
        return jdbc.sql("select subject, version, schema_id, deleted from registry_subject_version where subject = ?"
                        + (includeDeleted ? "" : " and not deleted") + " order by version")
                .param(subject).query(RegistryStore::subjectVersion).list();
    }

    /** Where a schema is used, by subject and version. */
    public List<SubjectVersion> versionsOfSchema(int schemaId, boolean includeDeleted) {
        return jdbc.sql("select subject, version, schema_id, deleted from registry_subject_version where schema_id = ?"
                        + (includeDeleted ? "" : " and not deleted") + " order by subject, version")
                .param(schemaId).query(RegistryStore::subjectVersion).list();
    }

    /** The highest version number the subject ever had, soft-deleted ones included; 0 for none. */
    public int highestVersion(String subject) {
        return jdbc.sql("select coalesce(max(version), 0) from registry_subject_version where subject = ?")
                .param(subject).query(Integer.class).single();
    }

    public void insertVersion(String subject, int version, int schemaId) {
        jdbc.sql("insert into registry_subject_version (subject, version, schema_id) values (?, ?, ?)")
                .params(subject, version, schemaId).update();
    }

    public void softDelete(String subject, int version) {
        jdbc.sql("update registry_subject_version set deleted = true where subject = ? and version = ?")
                .params(subject, version).update();
    }

    public void hardDelete(String subject, int version) {
        jdbc.sql("delete from registry_subject_version where subject = ? and version = ?")
                .params(subject, version).update();
    }

    private static SubjectVersion subjectVersion(ResultSet rs, int row) throws SQLException {
        return new SubjectVersion(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getBoolean(4));
    }

    // ---- compatibility settings ----

    public Optional<CompatibilityLevel> globalCompatibility() {
        return subjectCompatibility(GLOBAL);
    }

    public void setGlobalCompatibility(CompatibilityLevel level) {
        setSubjectCompatibility(GLOBAL, level);
    }

    public void clearGlobalCompatibility() {
        clearSubjectCompatibility(GLOBAL);
    }

    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return jdbc.sql("select compatibility from registry_config where subject = ?").param(subject)
                .query(String.class).optional().map(CompatibilityLevel::valueOf);
    }

    public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        jdbc.sql("insert into registry_config (subject, compatibility) values (?, ?) "
                        + "on conflict (subject) do update set compatibility = excluded.compatibility")
                .params(subject, level.name()).update();
    }

    public void clearSubjectCompatibility(String subject) {
        jdbc.sql("delete from registry_config where subject = ?").param(subject).update();
    }
}
