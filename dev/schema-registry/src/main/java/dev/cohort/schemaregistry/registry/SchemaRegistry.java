package dev.cohort.schemaregistry.registry;

import dev.cohort.schemaregistry.domain.AvroCompatibility;
import dev.cohort.schemaregistry.domain.AvroSchemas;
import dev.cohort.schemaregistry.domain.CompatibilityLevel;
import dev.cohort.schemaregistry.domain.ParsedSchema;
import dev.cohort.schemaregistry.domain.RegistryException;
import dev.cohort.schemaregistry.domain.SchemaReference;
import dev.cohort.schemaregistry.domain.StoredSchema;
import dev.cohort.schemaregistry.domain.SubjectVersion;
import dev.cohort.schemaregistry.domain.VersionSelector;
import dev.cohort.schemaregistry.store.RegistryStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the registry does, in the terms of the Confluent API, independent of HTTP. */
@Service
@Transactional(readOnly = true)
public class SchemaRegistry {
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistry.class);

    /** A subject's version together with its schema. */
    public record VersionedSchema(String subject, int version, StoredSchema schema) {
    }

    /** The outcome of a compatibility test: empty problems means compatible. */
    public record CompatibilityVerdict(List<String> problems) {
        public boolean compatible() {
            return problems.isEmpty();
        }
    }

    private final RegistryStore store;
    private final RegistryProperties properties;

    public SchemaRegistry(RegistryStore store, RegistryProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    // ---- registering and looking up ----

    /**
     * Registers a schema under a subject and returns its global id. The same schema twice is one
     * version; the same schema under another subject keeps its id.
     */
    @Transactional
    public int register(String subject, String schemaType, String schemaText, List<SchemaReference> references) {
        AvroSchemas.requireAvro(schemaType);
        store.lockForWrite();
        ParsedSchema parsed = parse(schemaText, references);
        String fingerprint = fingerprint(parsed);
        Optional<Integer> knownId = store.findSchemaId(fingerprint);

        List<SubjectVersion> live = store.versions(subject, false);
        if (knownId.isPresent()) {
            for (SubjectVersion version : live) {
                if (version.schemaId() == knownId.get()) {
                    return knownId.get();
                }
            }
        }
        CompatibilityLevel level = effectiveCompatibility(subject);
        List<String> problems = AvroCompatibility.problems(level, parsed.schema(), earlierVersions(live));
        if (!problems.isEmpty()) {
            throw RegistryException.incompatible("Schema being registered is incompatible with an earlier schema for "
                    + "subject '" + subject + "' at compatibility level " + level + ": " + String.join("; ", problems));
        }
        int id = knownId.orElseGet(() -> store.insertSchema(AvroSchemas.AVRO, parsed.canonical(), fingerprint,
                parsed.references()));
        int version = store.highestVersion(subject) + 1;
        store.insertVersion(subject, version, id);
        log.info("Registered schema id {} as version {} of subject {}", id, version, subject);
        return id;
    }

    /** The version of the subject that holds exactly this schema. */
    public VersionedSchema lookup(String subject, String schemaType, String schemaText, List<SchemaReference> references,
            boolean includeDeleted) {
        AvroSchemas.requireAvro(schemaType);
        List<SubjectVersion> versions = existingVersions(subject, includeDeleted);
        ParsedSchema parsed = parse(schemaText, references);
        Optional<Integer> id = store.findSchemaId(fingerprint(parsed));
        // Newest first, so that a schema registered again after a soft delete finds its live version.
        for (int i = versions.size() - 1; i >= 0 && id.isPresent(); i--) {
            SubjectVersion version = versions.get(i);
            if (version.schemaId() == id.get()) {
                return new VersionedSchema(subject, version.version(), schema(version.schemaId()));
            }
        }
        throw RegistryException.schemaNotFound();
    }

    public StoredSchema schema(int id) {
        return store.findSchema(id).orElseThrow(() -> RegistryException.schemaIdNotFound(id));
    }

    public List<SubjectVersion> usesOfSchema(int id, boolean includeDeleted) {
        schema(id);
        return store.versionsOfSchema(id, includeDeleted);
    }

    public List<String> subjects(String prefix, boolean includeDeleted) {
        return store.subjects(includeDeleted).stream()
                .filter(subject -> prefix == null || subject.startsWith(prefix)).toList();
    }

    public List<Integer> versionNumbers(String subject, boolean includeDeleted) {
        return existingVersions(subject, includeDeleted).stream().map(SubjectVersion::version).toList();
    }

    public VersionedSchema version(String subject, VersionSelector selector, boolean includeDeleted) {
        SubjectVersion version = select(existingVersions(subject, includeDeleted), selector);
        return new VersionedSchema(subject, version.version(), schema(version.schemaId()));
    }

    // ---- deleting ----

    /** Soft-deletes every live version (or hard-deletes the already soft-deleted ones); returns their numbers. */
    @Transactional
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        store.lockForWrite();
        List<SubjectVersion> all = store.versions(subject, true);
        if (all.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        boolean anyLive = all.stream().anyMatch(version -> !version.deleted());
        List<Integer> numbers = new ArrayList<>();
        if (permanent) {
            if (anyLive) {
                throw RegistryException.subjectNotSoftDeleted(subject);
            }
            for (SubjectVersion version : all) {
                requireUnreferenced(version);
                store.hardDelete(subject, version.version());
                numbers.add(version.version());
            }
            store.clearSubjectCompatibility(subject);
        } else {
            if (!anyLive) {
                throw RegistryException.subjectSoftDeleted(subject);
            }
            for (SubjectVersion version : all) {
                if (!version.deleted()) {
                    store.softDelete(subject, version.version());
                    numbers.add(version.version());
                }
            }
        }
        log.info("Deleted versions {} of subject {} (permanent: {})", numbers, subject, permanent);
        return numbers;
    }

    @Transactional
    public int deleteVersion(String subject, VersionSelector selector, boolean permanent) {
        store.lockForWrite();
        List<SubjectVersion> all = store.versions(subject, true);
        if (all.isEmpty() || (!permanent && all.stream().allMatch(SubjectVersion::deleted))) {
            throw RegistryException.subjectNotFound(subject);
        }
        SubjectVersion version;
        if (selector.latest()) {
            // "latest" means the latest live version, the one clients see.
            version = select(all.stream().filter(v -> !v.deleted()).toList(), selector);
        } else {
            version = select(all, selector);
        }
        if (permanent) {
            if (!version.deleted()) {
                throw RegistryException.versionNotSoftDeleted(subject, version.version());
            }
            requireUnreferenced(version);
            store.hardDelete(subject, version.version());
        } else {
            if (version.deleted()) {
                throw RegistryException.versionSoftDeleted(subject, version.version());
            }
            store.softDelete(subject, version.version());
        }
        log.info("Deleted version {} of subject {} (permanent: {})", version.version(), subject, permanent);
        return version.version();
    }

    private void requireUnreferenced(SubjectVersion version) {
        if (store.isReferenced(version.subject(), version.version())) {
            throw RegistryException.referenceExists(version.subject(), version.version());
        }
    }

    // ---- compatibility ----

    /**
     * Would this schema be accepted? Against {@code latest} (or no version) the subject's level
     * decides which versions count; against a given version, only that one.
     */
    public CompatibilityVerdict testCompatibility(String subject, VersionSelector selector, String schemaType,
            String schemaText, List<SchemaReference> references) {
        AvroSchemas.requireAvro(schemaType);
        List<SubjectVersion> live = selector == null ? store.versions(subject, false) : existingVersions(subject, false);
        ParsedSchema parsed = parse(schemaText, references);
        CompatibilityLevel level = effectiveCompatibility(subject);
        List<SubjectVersion> against = selector == null || selector.latest() ? live : List.of(select(live, selector));
        return new CompatibilityVerdict(AvroCompatibility.problems(level, parsed.schema(), earlierVersions(against)));
    }

    public CompatibilityLevel globalCompatibility() {
        return store.globalCompatibility().orElse(properties.defaultCompatibility());
    }

    @Transactional
    public void setGlobalCompatibility(CompatibilityLevel level) {
        store.setGlobalCompatibility(level);
    }

    /** Forgets the level set through the API; returns the level in force before. */
    @Transactional
    public CompatibilityLevel resetGlobalCompatibility() {
        CompatibilityLevel before = globalCompatibility();
        store.clearGlobalCompatibility();
        return before;
    }

    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return store.subjectCompatibility(subject);
    }

    @Transactional
    public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        store.setSubjectCompatibility(subject, level);
    }

    @Transactional
    public CompatibilityLevel clearSubjectCompatibility(String subject) {
        CompatibilityLevel before = store.subjectCompatibility(subject)
                .orElseThrow(() -> RegistryException.noSubjectConfig(subject));
        store.clearSubjectCompatibility(subject);
        return before;
    }

    public CompatibilityLevel effectiveCompatibility(String subject) {
        return store.subjectCompatibility(subject).orElseGet(this::globalCompatibility);
    }

    // ---- helpers ----

    private ParsedSchema parse(String schemaText, List<SchemaReference> references) {
        return AvroSchemas.parse(schemaText, references, (subject, version) -> store.versions(subject, true).stream()
                .filter(candidate -> candidate.version() == version)
                .findFirst()
                .flatMap(found -> store.findSchema(found.schemaId()))
                .orElse(null));
    }

    /** The subject's versions; a subject with none (visible) is unknown: 40401. */
    private List<SubjectVersion> existingVersions(String subject, boolean includeDeleted) {
        List<SubjectVersion> versions = store.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions;
    }

    private static SubjectVersion select(List<SubjectVersion> versions, VersionSelector selector) {
        if (selector.latest()) {
            if (versions.isEmpty()) {
                throw RegistryException.versionNotFound(-1);
            }
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(version -> version.version() == selector.number()).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(selector.number()));
    }

    private List<AvroCompatibility.Version> earlierVersions(List<SubjectVersion> versions) {
        List<AvroCompatibility.Version> earlier = new ArrayList<>();
        for (SubjectVersion version : versions) {
            StoredSchema stored = schema(version.schemaId());
            earlier.add(new AvroCompatibility.Version(version.version(),
                    parse(stored.schema(), stored.references()).schema()));
        }
        return earlier;
    }

    private static String fingerprint(ParsedSchema parsed) {
        StringBuilder identity = new StringBuilder(AvroSchemas.AVRO).append('\n').append(parsed.canonical());
        for (SchemaReference reference : parsed.references()) {
            identity.append('\n').append(reference.name()).append('\u0000').append(reference.subject())
                    .append('\u0000').append(reference.version());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
