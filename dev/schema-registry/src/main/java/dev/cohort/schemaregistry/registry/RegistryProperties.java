package dev.cohort.schemaregistry.registry;

import dev.cohort.schemaregistry.domain.CompatibilityLevel;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultCompatibility the global level until a client sets one with {@code PUT /config}.
 *     Confluent's own default is BACKWARD; Cohort's events promise BACKWARD_TRANSITIVE.
 */
@ConfigurationProperties("cohort.schema-registry")
public record RegistryProperties(@DefaultValue("BACKWARD_TRANSITIVE") CompatibilityLevel defaultCompatibility) {
}
