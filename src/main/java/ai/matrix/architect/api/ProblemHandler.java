package ai.matrix.architect.api;

import ai.matrix.architect.job.DatabaseOutage;
import ai.matrix.architect.job.FieldError;
import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.job.JobConflictException;
import ai.matrix.architect.job.JobNotFoundException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Every error as RFC 9457 problem details with a sentence a person can act on; never a stack trace. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        String detail =
                e.errors().stream().map(f -> f.field() + " " + f.message()).collect(Collectors.joining("; "));
        return problem(
                HttpStatus.BAD_REQUEST, "Invalid request", "The request was refused: " + detail + ".", e.errors());
    }

    private static final java.util.regex.Pattern UNDECODABLE_PARAMETER =
            java.util.regex.Pattern.compile("Parameter \\[([A-Za-z0-9_.-]{1,64})\\]");

    /** Tomcat decodes query parameters lazily and fails on bytes that are not UTF-8 (%ff, overlong forms). */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodable(org.apache.tomcat.util.http.InvalidParameterException e) {
        return invalid(new InvalidRequestException(undecodableParameter(e), UNDECODABLE));
    }

    static final String UNDECODABLE = "is not valid UTF-8 text";

    /** The name of the query parameter Tomcat could not decode, or "query" when it does not say. */
    static String undecodableParameter(org.apache.tomcat.util.http.InvalidParameterException e) {
        java.util.regex.Matcher m = UNDECODABLE_PARAMETER.matcher(String.valueOf(e.getMessage()));
        return m.find() ? m.group(1) : "query";
    }

    @ExceptionHandler(JobNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(JobNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), null);
    }

    @ExceptionHandler(JobConflictException.class)
    ResponseEntity<ProblemDetail> conflict(JobConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage(), null);
    }

    @ExceptionHandler(ai.matrix.architect.job.IdempotencyMismatchException.class)
    ResponseEntity<ProblemDetail> idempotencyMismatch(ai.matrix.architect.job.IdempotencyMismatchException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused", e.getMessage(), null);
    }

    @ExceptionHandler(ai.matrix.architect.engine.ApprovalForbiddenException.class)
    ResponseEntity<ProblemDetail> forbidden(ai.matrix.architect.engine.ApprovalForbiddenException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage(), null);
    }

    @ExceptionHandler(ai.matrix.architect.security.RateLimitedException.class)
    ResponseEntity<ProblemDetail> rateLimited(ai.matrix.architect.security.RateLimitedException e) {
        return withRetryAfter(
                problem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", e.getMessage(), null),
                e.retryAfterSeconds());
    }

    private static ResponseEntity<ProblemDetail> withRetryAfter(ResponseEntity<ProblemDetail> r, long seconds) {
        return ResponseEntity.status(r.getStatusCode())
                .headers(r.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(r.getBody());
    }

    /** The disk is below its floor: nothing is accepted until space is freed, so clients should come back later. */
    @ExceptionHandler(ai.matrix.architect.workspace.DiskFloorException.class)
    ResponseEntity<ProblemDetail> diskFull(ai.matrix.architect.workspace.DiskFloorException e) {
        ResponseEntity<ProblemDetail> r =
                problem(HttpStatus.SERVICE_UNAVAILABLE, "Not enough free disk", e.getMessage(), null);
        return ResponseEntity.status(r.getStatusCode())
                .headers(r.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "300")
                .body(r.getBody());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseOutage.is(e)) return databaseUnavailable(e);
        if (e instanceof org.springframework.web.server.ResponseStatusException rse) {
            return problem(
                    rse.getStatusCode(),
                    HttpStatus.valueOf(rse.getStatusCode().value()).getReasonPhrase(),
                    rse.getReason(),
                    null);
        }
        log.error("unexpected error", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error",
                "The server failed to handle the request; the error was logged.",
                null);
    }

    /** The database cannot be reached (down, restarting): nothing is wrong with the request, so try again soon. */
    static ResponseEntity<ProblemDetail> databaseUnavailable(Throwable e) {
        log.warn("database unreachable: {}", e.toString());
        return withRetryAfter(
                problem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", UNAVAILABLE_DETAIL, null),
                DatabaseOutage.RETRY_AFTER_SECONDS);
    }

    static final String UNAVAILABLE_DETAIL = "The database cannot be reached right now; try again in "
            + DatabaseOutage.RETRY_AFTER_SECONDS + " seconds.";

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getCause();
        String field = "body";
        String message;
        if (cause instanceof UnrecognizedPropertyException u) {
            field = path(u);
            message = "is not a field a client may set";
        } else if (cause instanceof InvalidFormatException f) {
            field = path(f);
            message = "has the value '" + f.getValue() + "', which is not allowed"
                    + (f.getTargetType() != null && f.getTargetType().isEnum()
                            ? ": expected one of " + enumValues(f.getTargetType())
                            : "");
        } else if (cause instanceof MismatchedInputException m) {
            field = path(m);
            message = "has the wrong type";
        } else if (cause instanceof DatabindException d) {
            field = path(d);
            message = "cannot be read";
        } else if (cause instanceof JacksonException j) {
            message = "is not valid JSON: " + j.getOriginalMessage();
        } else {
            message = "is missing or is not valid JSON";
        }
        if (field.isEmpty()) field = "body";
        return cast(problem(
                HttpStatus.BAD_REQUEST,
                "Malformed request",
                field + " " + message + ".",
                List.of(new FieldError(field, message))));
    }

    private static String enumValues(Class<?> type) {
        return java.util.Arrays.stream(type.getFields())
                .filter(f -> f.isEnumConstant())
                .map(f -> {
                    var p = f.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                    return p != null ? p.value() : f.getName();
                })
                .collect(Collectors.joining(", "));
    }

    private static String path(DatabindException e) {
        return FieldError.pathOf(e);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> r = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (r != null && r.getBody() instanceof ProblemDetail pd) {
            return ResponseEntity.status(r.getStatusCode())
                    .headers(r.getHeaders())
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(pd);
        }
        return r;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> cast(ResponseEntity<ProblemDetail> r) {
        return (ResponseEntity) r;
    }

    static ResponseEntity<ProblemDetail> problem(
            HttpStatusCode status, String title, String detail, List<FieldError> errors) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setTitle(title);
        pd.setType(URI.create("about:blank"));
        if (errors != null) {
            pd.setProperty(
                    "errors",
                    errors.stream()
                            .map(f -> Map.of("field", f.field(), "message", f.message()))
                            .toList());
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }
}
