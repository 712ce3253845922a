package dev.cohort.gateway.envoy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Finding nodes in a YAML tree, to make deliberately broken copies of envoy.yaml and to read settings files. */
final class YamlTree {

    private YamlTree() {
    }

    /** The first mapping, depth first, whose {@code @type} ends with this message name. */
    static Map<String, Object> typedConfig(Map<String, Object> tree, String messageName) {
        return find(tree, map -> String.valueOf(map.get("@type")).endsWith("." + messageName))
                .orElseThrow(() -> new AssertionError("no typed_config of type " + messageName));
    }

    /** The cluster of this name under static_resources. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> cluster(Map<String, Object> tree, String name) {
        List<Object> clusters = (List<Object>) valueAt(tree, "static_resources.clusters")
                .orElseThrow(() -> new AssertionError("no static_resources.clusters"));
        return find(clusters, map -> name.equals(map.get("name")))
                .orElseThrow(() -> new AssertionError("no cluster " + name));
    }

    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> find(Object node, Predicate<Map<String, Object>> wanted) {
        if (node instanceof Map<?, ?> map) {
            if (wanted.test((Map<String, Object>) map)) {
                return Optional.of((Map<String, Object>) map);
            }
            for (Object child : map.values()) {
                Optional<Map<String, Object>> found = find(child, wanted);
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node instanceof List<?> list) {
            for (Object child : list) {
                Optional<Map<String, Object>> found = find(child, wanted);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The scalar at a dotted path of mapping keys ({@code cohort.auth.issuer}), if there is one. */
    static Optional<Object> valueAt(Map<String, Object> tree, String dottedPath) {
        Object node = tree;
        for (String key : dottedPath.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Optional.empty();
            }
            node = map.get(key);
        }
        return Optional.ofNullable(node);
    }
}
