package dev.cohort.schemaregistry.api;

import dev.cohort.schemaregistry.domain.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every failure as Confluent sends it: {@code {"error_code": ..., "message": ...}}, including
 * Spring MVC's own (unknown path, wrong method, bad parameter).
 */
@RestControllerAdvice
class ErrorResponses extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    @ExceptionHandler(RegistryException.class)
    ResponseEntity<Object> registry(RegistryException e) {
        return Responses.status(e.httpStatus(), new Responses.Error(e.errorCode(), e.getMessage()));
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Object> store(DataAccessException e) {
        log.error("Schema store failed", e);
        return Responses.status(500, new Responses.Error(50001, "Error in the backend data store"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Request failed", e);
        return Responses.status(500, new Responses.Error(50001, "Error in the schema registry: " + e.getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        HttpHeaders cleaned = new HttpHeaders();
        cleaned.addAll(headers);
        cleaned.remove(HttpHeaders.CONTENT_TYPE);
        return ResponseEntity.status(status).headers(cleaned).contentType(Responses.REGISTRY_JSON)
                .body(new Responses.Error(status.value(), e.getMessage()));
    }
}
