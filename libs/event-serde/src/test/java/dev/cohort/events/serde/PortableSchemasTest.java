package dev.cohort.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.events.identity.UserRegistered;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class PortableSchemasTest {

    @Test
    void dropsJavaOnlyPropertiesAndKeepsTheSchemaOtherwiseIdentical() {
        Schema generated = UserRegistered.getClassSchema();

        Schema portable = PortableSchemas.of(generated);

        assertThat(generated.toString()).contains("avro.java.string");
        assertThat(portable.toString()).doesNotContain("avro.java");
        assertThat(SchemaNormalization.toParsingForm(portable)).isEqualTo(SchemaNormalization.toParsingForm(generated));
        assertThat(portable.getField("metadata").doc()).isEqualTo(generated.getField("metadata").doc());
        assertThat(portable.getField("metadata").schema().getField("event_id").schema().getLogicalType())
                .isEqualTo(generated.getField("metadata").schema().getField("event_id").schema().getLogicalType());
    }

    @Test
    void isComputedOncePerSchema() {
        assertThat(PortableSchemas.of(UserRegistered.getClassSchema()))
                .isSameAs(PortableSchemas.of(UserRegistered.getClassSchema()));
    }
}
