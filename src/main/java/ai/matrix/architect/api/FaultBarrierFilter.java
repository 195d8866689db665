package ai.matrix.architect.api;

import ai.matrix.architect.job.DatabaseOutage;
import ai.matrix.architect.security.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The outermost filter: a failure that escapes the controllers' advice (in a filter, such as the API token lookup
 * of the security chain) is answered as a problem detail too, 503 with Retry-After when the database cannot be
 * reached, never as the servlet container's error page.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class FaultBarrierFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(FaultBarrierFilter.class);
    private final ProblemWriter problems;

    FaultBarrierFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(req, res);
        } catch (RuntimeException | ServletException e) {
            if (res.isCommitted()) throw e;
            res.reset();
            if ((e instanceof InvalidParameterException ? e : e.getCause()) instanceof InvalidParameterException bad) {
                // the security chain reads the query (the SSE token) before any controller does
                String field = ProblemHandler.undecodableParameter(bad);
                String message = ProblemHandler.UNDECODABLE;
                problems.write(res, 400, "Invalid request", field + " " + message + ".", field, message);
                return;
            }
            if (DatabaseOutage.is(e)) {
                log.warn("database unreachable: {}", e.toString());
                res.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS));
                problems.write(res, 503, "Service unavailable", ProblemHandler.UNAVAILABLE_DETAIL);
                return;
            }
            log.error("unexpected error outside the controllers", e);
            problems.write(
                    res, 500, "Internal error", "The server failed to handle the request; the error was logged.");
        }
    }
}
