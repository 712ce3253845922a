package dev.cohort.schemaregistry.domain;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Decides whether a new schema may follow a subject's versions at a compatibility level. Every
 * verdict comes from Avro's own {@link SchemaCompatibility}: this class only chooses which pairs
 * to check and in which direction.
 */
public final class AvroCompatibility {

    /** An earlier version of a subject. */
    public record Version(int version, Schema schema) {
    }

    private AvroCompatibility() {
    }

    /**
     * Why {@code candidate} may not follow {@code earlier} (oldest first) at {@code level}; empty
     * when it may. Non-transitive levels look at the last of {@code earlier} only.
     */
    public static List<String> problems(CompatibilityLevel level, Schema candidate, List<Version> earlier) {
        if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
            return List.of();
        }
        List<Version> checked = level.transitive() ? earlier : List.of(earlier.get(earlier.size() - 1));
        List<String> problems = new ArrayList<>();
        for (Version version : checked) {
            if (level.backward()) {
                // The new schema reads data written with the earlier one.
                problems.addAll(describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, version.schema()),
                        "the new schema cannot read data written with version " + version.version()));
            }
            if (level.forward()) {
                // The earlier schema reads data written with the new one.
                problems.addAll(describe(SchemaCompatibility.checkReaderWriterCompatibility(version.schema(), candidate),
                        "version " + version.version() + " cannot read data written with the new schema"));
            }
        }
        return problems;
    }

    private static List<String> describe(SchemaPairCompatibility result, String what) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<Incompatibility> incompatibilities = result.getResult().getIncompatibilities();
        if (incompatibilities.isEmpty()) {
            return List.of(what + ": " + result.getDescription());
        }
        List<String> lines = new ArrayList<>();
        for (Incompatibility incompatibility : incompatibilities) {
            lines.add(what + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                    + ": " + incompatibility.getMessage());
        }
        return lines;
    }
}
