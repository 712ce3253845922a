package dev.cohort.schemaregistry.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.schemaregistry.domain.AvroCompatibility.Version;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AvroCompatibilityTest {

    private static Schema record(String... fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Event\",\"namespace\":\"dev.cohort.test\","
                + "\"fields\":[" + String.join(",", fields) + "]}");
    }

    private static final String A = "{\"name\":\"a\",\"type\":\"int\"}";
    private static final String A_DEFAULTED = "{\"name\":\"a\",\"type\":\"int\",\"default\":0}";
    private static final String A_AS_STRING = "{\"name\":\"a\",\"type\":\"string\"}";
    private static final String B = "{\"name\":\"b\",\"type\":\"string\"}";
    private static final String B_DEFAULTED = "{\"name\":\"b\",\"type\":\"string\",\"default\":\"\"}";
    private static final String C = "{\"name\":\"c\",\"type\":\"long\"}";

    private static List<Version> history(Schema... schemas) {
        List<Version> versions = new ArrayList<>();
        for (int i = 0; i < schemas.length; i++) {
            versions.add(new Version(i + 1, schemas[i]));
        }
        return versions;
    }

    private static boolean compatible(CompatibilityLevel level, Schema candidate, List<Version> history) {
        return AvroCompatibility.problems(level, candidate, history).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "NONE, true", "BACKWARD, false", "BACKWARD_TRANSITIVE, false", "FORWARD, true",
            "FORWARD_TRANSITIVE, true", "FULL, false", "FULL_TRANSITIVE, false"})
    void addingFieldWithoutDefaultBreaksOnlyBackward(CompatibilityLevel level, boolean expected) {
        assertThat(compatible(level, record(A, C), history(record(A)))).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(CompatibilityLevel.class)
    void addingFieldWithDefaultIsCompatibleAtEveryLevel(CompatibilityLevel level) {
        assertThat(compatible(level, record(A, B_DEFAULTED), history(record(A)))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "NONE, true", "BACKWARD, true", "BACKWARD_TRANSITIVE, true", "FORWARD, false",
            "FORWARD_TRANSITIVE, false", "FULL, false", "FULL_TRANSITIVE, false"})
    void removingFieldWithoutDefaultBreaksOnlyForward(CompatibilityLevel level, boolean expected) {
        assertThat(compatible(level, record(A), history(record(A, C)))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "NONE, true", "BACKWARD, false", "BACKWARD_TRANSITIVE, false", "FORWARD, false",
            "FORWARD_TRANSITIVE, false", "FULL, false", "FULL_TRANSITIVE, false"})
    void changingFieldTypeBreaksBothDirections(CompatibilityLevel level, boolean expected) {
        assertThat(compatible(level, record(A_AS_STRING), history(record(A)))).isEqualTo(expected);
    }

    /**
     * History: v1 {a}, v2 {a, b with default}. The candidate {a, b without default} reads v2 data
     * but not v1 data, which has no b.
     */
    @ParameterizedTest
    @CsvSource({
            "NONE, true", "BACKWARD, true", "BACKWARD_TRANSITIVE, false", "FORWARD, true",
            "FORWARD_TRANSITIVE, true", "FULL, true", "FULL_TRANSITIVE, false"})
    void transitiveBackwardLevelsAlsoCheckTheFirstVersion(CompatibilityLevel level, boolean expected) {
        List<Version> history = history(record(A), record(A, B_DEFAULTED));
        assertThat(compatible(level, record(A, B), history)).isEqualTo(expected);
    }

    /**
     * History: v1 {a}, v2 {a with default}. v2 reads data of the empty-bodied candidate {b with
     * default} (a defaults), v1 cannot (a has no default there).
     */
    @ParameterizedTest
    @CsvSource({
            "NONE, true", "BACKWARD, true", "BACKWARD_TRANSITIVE, true", "FORWARD, true",
            "FORWARD_TRANSITIVE, false", "FULL, true", "FULL_TRANSITIVE, false"})
    void transitiveForwardLevelsAlsoCheckTheFirstVersion(CompatibilityLevel level, boolean expected) {
        List<Version> history = history(record(A), record(A_DEFAULTED));
        assertThat(compatible(level, record(B_DEFAULTED), history)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(CompatibilityLevel.class)
    void firstVersionIsAlwaysAccepted(CompatibilityLevel level) {
        assertThat(compatible(level, record(A_AS_STRING), List.of())).isTrue();
    }

    @Test
    void problemsNameTheVersionDirectionAndAvroReason() {
        List<String> problems = AvroCompatibility.problems(CompatibilityLevel.FULL_TRANSITIVE, record(A, B),
                history(record(A), record(A, B_DEFAULTED)));

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem)
                .contains("the new schema cannot read data written with version 1")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("/fields/1"));
    }

    @Test
    void levelsParseCaseInsensitivelyAndRejectUnknownNames() {
        assertThat(CompatibilityLevel.parse("full_transitive")).contains(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(CompatibilityLevel.parse("Backward")).contains(CompatibilityLevel.BACKWARD);
        assertThat(CompatibilityLevel.parse("SIDEWAYS")).isEmpty();
        assertThat(CompatibilityLevel.parse(null)).isEmpty();
    }
}
