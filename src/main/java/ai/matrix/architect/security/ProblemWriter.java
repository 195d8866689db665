package ai.matrix.architect.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** Writes RFC 9457 problem details from filters, where controller advice does not reach. */
@Component
public class ProblemWriter {
    private final ObjectMapper json;

    public ProblemWriter(ObjectMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse res, int status, String title, String detail) throws IOException {
        write(res, status, title, detail, null, null);
    }

    /** A problem with one field named, in the {@code errors} list as the controllers' answers have it. */
    public void write(HttpServletResponse res, int status, String title, String detail, String field, String message)
            throws IOException {
        if (res.isCommitted()) return;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (field != null) body.put("errors", List.of(Map.of("field", field, "message", message)));
        res.setStatus(status);
        res.setContentType("application/problem+json");
        if (status == 401) res.setHeader("WWW-Authenticate", "Bearer");
        res.getWriter().write(json.writeValueAsString(body));
    }
}
