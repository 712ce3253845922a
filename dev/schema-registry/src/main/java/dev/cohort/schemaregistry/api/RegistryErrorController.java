package dev.cohort.schemaregistry.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors raised before Spring MVC (by the servlet container) in the same JSON shape as all others. */
@RestController
class RegistryErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number ? number : 500;
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String text = message instanceof String s && !s.isBlank() ? s : "HTTP " + status;
        return Responses.status(status, new Responses.Error(status == 500 ? 50001 : status, text));
    }
}
