package dev.cohort.schemaregistry.api;

import dev.cohort.schemaregistry.domain.VersionSelector;
import dev.cohort.schemaregistry.registry.SchemaRegistry;
import dev.cohort.schemaregistry.registry.SchemaRegistry.VersionedSchema;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /subjects}: registering, looking up, listing and deleting versions. */
@RestController
@RequestMapping("/subjects")
class SubjectsController {
    private final SchemaRegistry registry;
    private final RequestBodies bodies;

    SubjectsController(SchemaRegistry registry, RequestBodies bodies) {
        this.registry = registry;
        this.bodies = bodies;
    }

    @GetMapping
    ResponseEntity<Object> subjects(@RequestParam(required = false) String subjectPrefix,
            @RequestParam(defaultValue = "false") boolean deleted) {
        return Responses.ok(registry.subjects(subjectPrefix, deleted));
    }

    @PostMapping("/{subject}/versions")
    ResponseEntity<Object> register(@PathVariable String subject, @RequestBody(required = false) byte[] body) {
        SchemaRequest request = bodies.schemaRequest(body);
        int id = registry.register(subject, request.schemaType(), request.schema(), request.references());
        return Responses.ok(new Responses.Id(id));
    }

    @PostMapping("/{subject}")
    ResponseEntity<Object> lookup(@PathVariable String subject, @RequestParam(defaultValue = "false") boolean deleted,
            @RequestBody(required = false) byte[] body) {
        SchemaRequest request = bodies.schemaRequest(body);
        VersionedSchema found = registry.lookup(subject, request.schemaType(), request.schema(), request.references(),
                deleted);
        return Responses.ok(Responses.SubjectVersionSchema.of(found.subject(), found.version(), found.schema()));
    }

    @GetMapping("/{subject}/versions")
    ResponseEntity<Object> versions(@PathVariable String subject, @RequestParam(defaultValue = "false") boolean deleted) {
        return Responses.ok(registry.versionNumbers(subject, deleted));
    }

    @GetMapping("/{subject}/versions/{version}")
    ResponseEntity<Object> version(@PathVariable String subject, @PathVariable String version,
            @RequestParam(defaultValue = "false") boolean deleted) {
        VersionedSchema found = registry.version(subject, VersionSelector.parse(version), deleted);
        return Responses.ok(Responses.SubjectVersionSchema.of(found.subject(), found.version(), found.schema()));
    }

    @GetMapping("/{subject}/versions/{version}/schema")
    ResponseEntity<Object> versionSchema(@PathVariable String subject, @PathVariable String version,
            @RequestParam(defaultValue = "false") boolean deleted) {
        return Responses.rawSchema(registry.version(subject, VersionSelector.parse(version), deleted).schema().schema());
    }

    @DeleteMapping("/{subject}")
    ResponseEntity<Object> deleteSubject(@PathVariable String subject,
            @RequestParam(defaultValue = "false") boolean permanent) {
        return Responses.ok(registry.deleteSubject(subject, permanent));
    }

    @DeleteMapping("/{subject}/versions/{version}")
    ResponseEntity<Object> deleteVersion(@PathVariable String subject, @PathVariable String version,
            @RequestParam(defaultValue = "false") boolean permanent) {
        return Responses.ok(registry.deleteVersion(subject, VersionSelector.parse(version), permanent));
    }
}
