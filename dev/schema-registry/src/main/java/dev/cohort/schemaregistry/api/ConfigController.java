package dev.cohort.schemaregistry.api;

import dev.cohort.schemaregistry.domain.CompatibilityLevel;
import dev.cohort.schemaregistry.domain.RegistryException;
import dev.cohort.schemaregistry.registry.SchemaRegistry;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /config}: compatibility levels, global and per subject. Confluent reads back
 * {@code compatibilityLevel} but echoes an update as {@code compatibility}; so does this.
 */
@RestController
@RequestMapping("/config")
class ConfigController {
    private final SchemaRegistry registry;
    private final RequestBodies bodies;

    ConfigController(SchemaRegistry registry, RequestBodies bodies) {
        this.registry = registry;
        this.bodies = bodies;
    }

    @GetMapping
    ResponseEntity<Object> global() {
        return level(registry.globalCompatibility());
    }

    @PutMapping
    ResponseEntity<Object> setGlobal(@RequestBody(required = false) byte[] body) {
        CompatibilityLevel level = parse(body);
        registry.setGlobalCompatibility(level);
        return updated(level);
    }

    /** Back to the level the registry was started with. */
    @DeleteMapping
    ResponseEntity<Object> resetGlobal() {
        return level(registry.resetGlobalCompatibility());
    }

    @GetMapping("/{subject}")
    ResponseEntity<Object> subject(@PathVariable String subject,
            @RequestParam(defaultValue = "false") boolean defaultToGlobal) {
        CompatibilityLevel level = registry.subjectCompatibility(subject)
                .or(() -> defaultToGlobal ? Optional.of(registry.globalCompatibility()) : Optional.empty())
                .orElseThrow(() -> RegistryException.noSubjectConfig(subject));
        return level(level);
    }

    @PutMapping("/{subject}")
    ResponseEntity<Object> setSubject(@PathVariable String subject, @RequestBody(required = false) byte[] body) {
        CompatibilityLevel level = parse(body);
        registry.setSubjectCompatibility(subject, level);
        return updated(level);
    }

    @DeleteMapping("/{subject}")
    ResponseEntity<Object> clearSubject(@PathVariable String subject) {
        return level(registry.clearSubjectCompatibility(subject));
    }

    private CompatibilityLevel parse(byte[] body) {
        String text = bodies.compatibility(body);
        return CompatibilityLevel.parse(text).orElseThrow(() -> RegistryException.invalidCompatibilityLevel(text));
    }

    private static ResponseEntity<Object> level(CompatibilityLevel level) {
        return Responses.ok(Map.of("compatibilityLevel", level.name()));
    }

    private static ResponseEntity<Object> updated(CompatibilityLevel level) {
        return Responses.ok(Map.of("compatibility", level.name()));
    }
}
