package dev.cohort.grpc.server;

import static org.assertj.core.api.Assertions.assertThat;

import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;
import org.junit.jupiter.api.Test;

class ValidationPathTest {

    @Test
    void writesNestedIndexedAndKeyedPathsAsClientsSpellThem() {
        FieldPath path = FieldPath.newBuilder()
                .addElements(FieldPathElement.newBuilder().setFieldName("items").setIndex(2))
                .addElements(FieldPathElement.newBuilder().setFieldName("labels").setStringKey("k"))
                .addElements(FieldPathElement.newBuilder().setFieldName("name"))
                .build();

        assertThat(ValidationInterceptor.pathOf(path)).isEqualTo("items[2].labels[\"k\"].name");
    }

    @Test
    void namesTheMessageItselfForMessageLevelRules() {
        assertThat(ValidationInterceptor.pathOf(FieldPath.getDefaultInstance())).isEqualTo("(message)");
    }
}
