package dev.cohort.gateway.envoy;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Loads an Envoy YAML file the way Envoy does: YAML to a JSON tree, then the proto3 JSON mapping into the v3
 * {@link Bootstrap}. The parser is strict: an unknown field, an unknown enum value, a duplicate key or a
 * {@code typed_config} whose {@code @type} is not in {@link EnvoyTypes#REGISTRY} is an error, not a silent skip.
 */
final class EnvoyYaml {

    private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

    private EnvoyYaml() {
    }

    static Bootstrap parseBootstrap(Path file) throws InvalidProtocolBufferException {
        return parseBootstrap(readTree(file));
    }

    static Bootstrap parseBootstrap(Map<String, Object> tree) throws InvalidProtocolBufferException {
        Bootstrap.Builder bootstrap = Bootstrap.newBuilder();
        JsonFormat.parser().usingTypeRegistry(EnvoyTypes.REGISTRY).merge(JSON.toJson(tree), bootstrap);
        return bootstrap.build();
    }

    /** The YAML document as maps, lists and scalars (a fresh, mutable copy on every call). */
    static Map<String, Object> readTree(Path file) {
        return parseTree(ProjectFiles.read(file));
    }

    static Map<String, Object> parseTree(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(new SafeConstructor(options)).load(yaml);
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a YAML mapping at the top level");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) map;
        return tree;
    }
}
