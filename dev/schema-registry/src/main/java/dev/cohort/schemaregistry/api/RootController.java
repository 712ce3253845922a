package dev.cohort.schemaregistry.api;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Answers that clients and health probes expect from any registry. */
@RestController
class RootController {

    /** Confluent answers {@code {}} here; probes use it to see that the registry is up. */
    @GetMapping("/")
    ResponseEntity<Object> root() {
        return Responses.ok(Map.of());
    }

    /** This registry is always writable (no import mode). */
    @GetMapping("/mode")
    ResponseEntity<Object> mode() {
        return Responses.ok(Map.of("mode", "READWRITE"));
    }
}
