package dev.cohort.schemaregistry.api;

import dev.cohort.schemaregistry.domain.VersionSelector;
import dev.cohort.schemaregistry.registry.SchemaRegistry;
import dev.cohort.schemaregistry.registry.SchemaRegistry.CompatibilityVerdict;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /compatibility}: would this schema be accepted, without registering it. */
@RestController
@RequestMapping("/compatibility/subjects/{subject}")
class CompatibilityController {
    private final SchemaRegistry registry;
    private final RequestBodies bodies;

    CompatibilityController(SchemaRegistry registry, RequestBodies bodies) {
        this.registry = registry;
        this.bodies = bodies;
    }

    @PostMapping("/versions/{version}")
    ResponseEntity<Object> againstVersion(@PathVariable String subject, @PathVariable String version,
            @RequestParam(defaultValue = "false") boolean verbose, @RequestBody(required = false) byte[] body) {
        return test(subject, VersionSelector.parse(version), verbose, body);
    }

    /** Against the versions the subject's level names; an unknown subject accepts anything. */
    @PostMapping("/versions")
    ResponseEntity<Object> againstSubject(@PathVariable String subject,
            @RequestParam(defaultValue = "false") boolean verbose, @RequestBody(required = false) byte[] body) {
        return test(subject, null, verbose, body);
    }

    private ResponseEntity<Object> test(String subject, VersionSelector version, boolean verbose, byte[] body) {
        SchemaRequest request = bodies.schemaRequest(body);
        CompatibilityVerdict verdict = registry.testCompatibility(subject, version, request.schemaType(),
                request.schema(), request.references());
        return Responses.ok(new Responses.Compatibility(verdict.compatible(), verbose ? verdict.problems() : null));
    }
}
