package ai.matrix.architect.api;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.security.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** A {@code worker} process serves health and metrics only; its /api answers 404 with a sentence. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class WorkerModeFilter extends OncePerRequestFilter {
    private final boolean servesApi;
    private final ProblemWriter problems;

    WorkerModeFilter(ArchitectProperties props, ProblemWriter problems) {
        this.servesApi = props.servesApi();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        if (!servesApi && req.getRequestURI().startsWith("/api/")) {
            problems.write(
                    res, 404, "Not found", "This is a worker process; the API is served by api or serve processes.");
            return;
        }
        chain.doFilter(req, res);
    }
}
