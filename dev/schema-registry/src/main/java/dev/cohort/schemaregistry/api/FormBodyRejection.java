package dev.cohort.schemaregistry.api;

import dev.cohort.schemaregistry.domain.RegistryException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Refuses form-encoded bodies (what {@code curl -d} sends by default) with a 415 that says what to
 * send instead. The servlet container would otherwise consume such a body as form parameters and
 * the registry would only see an empty request.
 */
@Component
class FormBodyRejection extends OncePerRequestFilter {
    private final ObjectMapper mapper;

    FormBodyRejection(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(safeParse(contentType))) {
            RegistryException rejection = new RegistryException(415, "Content-Type " + contentType
                    + " is not supported: send JSON as " + Responses.REGISTRY_JSON + " or application/json");
            response.setStatus(rejection.httpStatus());
            response.setContentType(Responses.REGISTRY_JSON.toString());
            mapper.writeValue(response.getOutputStream(),
                    new Responses.Error(rejection.errorCode(), rejection.getMessage()));
            return;
        }
        chain.doFilter(request, response);
    }

    private static MediaType safeParse(String contentType) {
        try {
            return MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }
}
