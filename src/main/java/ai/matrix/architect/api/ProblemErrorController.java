package ai.matrix.architect.api;

import ai.matrix.architect.job.DatabaseOutage;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors the servlet container answers itself (a {@code sendError} from a filter, a request it refuses) reach this
 * page: it answers with a problem detail instead of Spring Boot's default JSON or an HTML page.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest req) {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object failure = req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (failure instanceof Throwable t && DatabaseOutage.is(t)) return ProblemHandler.databaseUnavailable(t);
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null
                ? HttpStatus.valueOf(c)
                : HttpStatus.NOT_FOUND;
        return ProblemHandler.problem(status, status.getReasonPhrase(), sentence(status), null);
    }

    static String sentence(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "The request is malformed (its line, headers or encoding) and was refused.";
            case NOT_FOUND -> "Nothing is found at this path; see docs/API.md for the endpoints.";
            case METHOD_NOT_ALLOWED -> "This path does not take this method.";
            case PAYLOAD_TOO_LARGE -> "The request body is larger than the server accepts.";
            default ->
                status.is5xxServerError()
                        ? "The server failed to handle the request; the error was logged."
                        : "The request was refused (" + status.value() + " " + status.getReasonPhrase() + ").";
        };
    }
}
