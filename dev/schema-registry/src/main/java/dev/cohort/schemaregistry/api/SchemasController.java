package dev.cohort.schemaregistry.api;

import dev.cohort.schemaregistry.domain.AvroSchemas;
import dev.cohort.schemaregistry.registry.SchemaRegistry;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /schemas}: schemas by global id, what deserializers ask for. */
@RestController
@RequestMapping("/schemas")
class SchemasController {
    private final SchemaRegistry registry;

    SchemasController(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** Soft-deleted versions do not hide a schema: data written with it must stay readable. */
    @GetMapping("/ids/{id}")
    ResponseEntity<Object> schema(@PathVariable int id) {
        return Responses.ok(Responses.Schema.of(registry.schema(id)));
    }

    @GetMapping("/ids/{id}/schema")
    ResponseEntity<Object> rawSchema(@PathVariable int id) {
        return Responses.rawSchema(registry.schema(id).schema());
    }

    @GetMapping("/ids/{id}/subjects")
    ResponseEntity<Object> subjects(@PathVariable int id, @RequestParam(defaultValue = "false") boolean deleted) {
        return Responses.ok(registry.usesOfSchema(id, deleted).stream()
                .map(use -> use.subject()).distinct().toList());
    }

    @GetMapping("/ids/{id}/versions")
    ResponseEntity<Object> versions(@PathVariable int id, @RequestParam(defaultValue = "false") boolean deleted) {
        return Responses.ok(registry.usesOfSchema(id, deleted).stream()
                .map(use -> new Responses.SubjectVersion(use.subject(), use.version())).toList());
    }

    @GetMapping("/types")
    ResponseEntity<Object> types() {
        return Responses.ok(List.of(AvroSchemas.AVRO));
    }
}
