package dev.cohort.events.serde;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Configuration keys of {@link AvroSerializer} and {@link AvroDeserializer} (same names as Confluent's). */
public final class AvroSerdeConfig {
    /** Base URL of the schema registry, e.g. {@code http://localhost:8081}. Required unless a client is given. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    /**
     * Serializer only: register unknown schemas on first use ({@code true}, the default, for local
     * runs and tests), or only look them up ({@code false}, production, where a build step
     * registers the schemas) and fail if they are not registered.
     */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    /**
     * Optional: a {@link SchemaRegistryClient} instance to use instead of the process-wide client of
     * {@link #SCHEMA_REGISTRY_URL} (to share caches or customise HTTP explicitly).
     */
    public static final String SCHEMA_REGISTRY_CLIENT = "schema.registry.client";

    /**
     * Deserializer only: extra packages (comma-separated) whose Avro-generated classes may be
     * instantiated when decoding; {@value TrustedEventClasses#EVENTS_PACKAGE} is always trusted.
     */
    public static final String TRUSTED_PACKAGES = "avro.trusted.packages";

    private AvroSerdeConfig() {
    }

    static SchemaRegistryClient client(Map<String, ?> configs) {
        Object client = configs.get(SCHEMA_REGISTRY_CLIENT);
        if (client != null) {
            if (client instanceof SchemaRegistryClient given) {
                return given;
            }
            throw new ConfigException(SCHEMA_REGISTRY_CLIENT, client.getClass().getName(),
                    "must be a " + SchemaRegistryClient.class.getName());
        }
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL
                    + "\" (the schema registry base URL, e.g. http://localhost:8081)");
        }
        try {
            return SchemaRegistryClient.shared(url.toString());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, url, e.getMessage());
        }
    }

    static List<String> trustedPackages(Map<String, ?> configs) {
        Object value = configs.get(TRUSTED_PACKAGES);
        if (value == null) {
            return List.of();
        }
        List<String> packages = new ArrayList<>();
        Iterable<?> items = value instanceof Iterable<?> list ? list : List.of(value.toString().split(","));
        for (Object item : items) {
            String name = item.toString().strip();
            if (!name.isEmpty()) {
                packages.add(name);
            }
        }
        return packages;
    }

    static boolean autoRegister(Map<String, ?> configs) {
        Object value = configs.get(AUTO_REGISTER_SCHEMAS);
        if (value == null) {
            return true;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().strip();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(AUTO_REGISTER_SCHEMAS, value, "must be true or false");
    }
}
