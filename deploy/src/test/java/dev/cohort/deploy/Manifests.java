package dev.cohort.deploy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One overlay of deploy/istio rendered by Helm (inside the JVM, helm-java) and parsed into fabric8's typed
 * Kubernetes and Istio models. Parsing refuses what the models do not know: a kind without a model, and any field
 * a model would only keep in its catch-all {@code additionalProperties} (a typo like {@code readinesProbe} fails
 * here instead of being silently ignored by the API server's older cousin).
 */
final class Manifests {

    static final String NAMESPACE = "cohort";
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final String overlay;
    private final List<HasMetadata> resources;

    private Manifests(String overlay, List<HasMetadata> resources) {
        this.overlay = overlay;
        this.resources = List.copyOf(resources);
    }

    /** The chart copy the build prepared (target/chart, with files/cohort.binpb). */
    static Path chart() {
        return Path.of(System.getProperty("cohort.deploy.chart", "target/chart"));
    }

    static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(chart().resolve("overlays"))) {
            return dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException unreadable) {
            throw new java.io.UncheckedIOException(unreadable);
        }
    }

    /** The overlay's own values file (what it sets over the chart's values.yaml), parsed. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> overlayValues(String overlay) {
        try {
            return SERIALIZATION.unmarshal(
                    Files.readString(chart().resolve("overlays").resolve(overlay).resolve("values.yaml")), Map.class);
        } catch (java.io.IOException unreadable) {
            throw new java.io.UncheckedIOException(unreadable);
        }
    }

    static Manifests render(String overlay) {
        String yaml = new Helm(chart()).template()
                .withName("cohort")
                .withNamespace(NAMESPACE)
                .withValuesFile(chart().resolve("overlays").resolve(overlay).resolve("values.yaml"))
                .call();
        List<HasMetadata> parsed = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            Object resource = SERIALIZATION.unmarshal(document);
            if (!(resource instanceof HasMetadata typed) || resource instanceof GenericKubernetesResource) {
                throw new AssertionError(overlay + ": no typed model for\n" + document);
            }
            List<String> unknown = new ArrayList<>();
            collectUnknownFields(resource, typed.getKind() + "/" + typed.getMetadata().getName(), unknown,
                    new IdentityHashMap<>());
            if (!unknown.isEmpty()) {
                throw new AssertionError(overlay + ": fields the models do not know: " + unknown);
            }
            parsed.add(typed);
        }
        return new Manifests(overlay, parsed);
    }

    String overlay() {
        return overlay;
    }

    List<HasMetadata> all() {
        return resources;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
        return all(type).stream()
                .filter(r -> name.equals(r.getMetadata().getName()) && namespace.equals(r.getMetadata().getNamespace()))
                .findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, NAMESPACE, name).orElseThrow(() -> new AssertionError(
                overlay + ": no " + type.getSimpleName() + " " + NAMESPACE + "/" + name));
    }

    /**
     * Walks the parsed object graph: every fabric8 model keeps fields it has no property for in
     * {@code additionalProperties}; anything there is a field Kubernetes or Istio would not understand.
     * Free-form values (EnvoyFilter patches, ConfigMap data) are maps and are not walked.
     */
    private static void collectUnknownFields(Object node, String path, List<String> unknown,
                                             IdentityHashMap<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + index++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> || !node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = node.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                    continue;
                }
                Object value;
                try {
                    field.setAccessible(true);
                    value = field.get(node);
                } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                    continue;
                }
                if (field.getName().equals("additionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else {
                    collectUnknownFields(value, path + "." + field.getName(), unknown, seen);
                }
            }
        }
    }
}
