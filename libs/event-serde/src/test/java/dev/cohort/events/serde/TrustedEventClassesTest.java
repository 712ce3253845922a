package dev.cohort.events.serde;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.identity.UserRegistered;
import java.io.File;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

class TrustedEventClassesTest {

    @Test
    void generatedEventClassesAreTrustedAndNothingElseIs() {
        new AvroDeserializer();
        assertDoesNotThrow(() -> ClassSecurityValidator.validate(UserRegistered.class));
        assertDoesNotThrow(() -> ClassSecurityValidator.validate(EventMetadata.class));
        assertTrue(TrustedEventClasses.isTrusted(UserRegistered.class));
        // Same package tree but not Avro-generated: not trusted.
        assertFalse(TrustedEventClasses.isTrusted(AvroSerializer.class));
        // Avro's own rules still apply to everything else.
        assertThrows(SecurityException.class, () -> ClassSecurityValidator.validate(File.class));
    }
}
