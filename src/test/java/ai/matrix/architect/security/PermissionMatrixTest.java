package ai.matrix.architect.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole endpoint × caller matrix of docs/security.md, read from the document itself and played against the
 * running server: every cell must give the documented status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionMatrixTest extends SecurityTestSupport {
    private static final List<String> CALLERS = List.of("anonymous", "viewer", "operator", "admin", "other");
    private static final AtomicInteger SEQ = new AtomicInteger();

    record Row(String method, String path, List<Integer> expected) {}

    private final Map<String, String> tokens = new java.util.HashMap<>();

    @BeforeAll
    void callers() {
        tokens.put("viewer", user("mx-viewer", "viewer"));
        tokens.put("operator", user("mx-operator", "operator"));
        tokens.put("admin", admin());
        tokens.put("other", user("mx-other", "operator"));
        Reply created = call("POST", "/api/projects", admin(), Map.of("name", "payments"));
        assertThat(created.status()).isIn(201, 409);
        assertThat(call("PUT", "/api/projects/payments/members/mx-other", admin(), Map.of("role", "operator"))
                        .status())
                .isEqualTo(200);
        call("DELETE", "/api/projects/default/members/mx-other", admin(), null);
        for (String c : CALLERS) {
            if (!c.equals("anonymous")) user("mx-login-" + c, "viewer");
        }
        user("mx-login-anonymous", "viewer");
    }

    static List<Row> table() throws IOException {
        Path doc = Path.of("docs/security.md");
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(doc)) {
            if (!line.startsWith("| ")) continue;
            String[] cells = line.substring(1, line.length() - 1).split("\\|");
            if (cells.length != 8) continue;
            String method = cells[0].strip();
            if (!method.matches("GET|POST|PUT|PATCH|DELETE")) continue;
            List<Integer> expected = new ArrayList<>();
            for (int i = 3; i < 8; i++) expected.add(Integer.parseInt(cells[i].strip()));
            rows.add(new Row(method, cells[1].strip(), expected));
        }
        return rows;
    }

    @Test
    void everyCellGivesTheDocumentedStatus() throws IOException {
        List<Row> rows = table();
        assertThat(rows).hasSizeGreaterThan(25);
        SoftAssertions soft = new SoftAssertions();
        for (Row row : rows) {
            for (int c = 0; c < CALLERS.size(); c++) {
                String caller = CALLERS.get(c);
                String token = tokens.get(caller);
                String path = concrete(row.path(), caller, token);
                Reply r = call(row.method(), path, token, body(row, caller));
                soft.assertThat(r.status())
                        .as("%s %s as %s: %s", row.method(), path, caller, r.body())
                        .isEqualTo(row.expected().get(c));
            }
        }
        soft.assertAll();
    }

    @Test
    void everyApiRouteOfTheServerIsInTheTable() throws IOException {
        List<String> documented =
                table().stream().map(r -> r.method() + " " + r.path()).toList();
        List<String> rules = Permissions.TABLE.stream()
                .filter(p -> p.method() != null && !p.pattern().contains("**"))
                .map(p -> p.method().name() + " " + p.pattern())
                .toList();
        List<String> normalized =
                documented.stream().map(d -> d.replace("plan.json", "{name}")).toList();
        assertThat(normalized).containsAll(rules);
    }

    @org.springframework.beans.factory.annotation.Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping mappings;

    /** A new endpoint must get its own row in Permissions.TABLE (and so in docs/security.md), not the fallback. */
    @Test
    void everyControllerRouteHasItsOwnRow() {
        List<String> missing = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        mappings.getHandlerMethods().keySet().forEach(info -> {
            var patterns = info.getPathPatternsCondition() == null
                    ? java.util.Set.<String>of()
                    : info.getPathPatternsCondition().getPatternValues();
            for (String pattern : patterns) {
                if (!pattern.startsWith("/api/")) continue;
                String path = pattern.replaceAll("\\{[^}]+}", "x");
                for (var method : info.getMethodsCondition().getMethods()) {
                    checked.add(method + " " + pattern);
                    var row = Permissions.match(method.name(), path);
                    if (row.isEmpty() || row.get().pattern().endsWith("/**")) missing.add(method + " " + pattern);
                }
            }
        });
        assertThat(checked).hasSizeGreaterThan(25);
        assertThat(missing)
                .as("routes without a row of their own in Permissions.TABLE")
                .isEmpty();
    }

    private String concrete(String template, String caller, String token) {
        String path = template;
        if (path.contains("{job}")) path = path.replace("{job}", createJob(admin(), "default"));
        if (path.contains("{username}")) {
            String name = "mx-u" + SEQ.incrementAndGet();
            assertThat(call(
                                    "POST",
                                    "/api/users",
                                    admin(),
                                    Map.of("username", name, "password", "password-1", "role", "viewer"))
                            .status())
                    .isEqualTo(201);
            path = path.replace("{username}", name);
        }
        if (path.contains("{id}")) {
            Reply t = call("POST", "/api/tokens", token == null ? admin() : token, Map.of("name", "matrix"));
            assertThat(t.status()).as(t.body()).isEqualTo(201);
            path = path.replace("{id}", t.json().get("id").asString());
        }
        return path.replace("{name}", "default").replace("{version}", "1");
    }

    private Object body(Row row, String caller) {
        String key = row.method() + " " + row.path();
        return switch (key) {
            case "POST /api/auth/token" ->
                Map.of("username", "mx-login-" + caller, "password", "mx-login-" + caller + "-password");
            case "POST /api/users" ->
                Map.of("username", "mx-new" + SEQ.incrementAndGet(), "password", "password-1", "role", "viewer");
            case "PATCH /api/users/{username}" -> Map.of("role", "operator");
            case "POST /api/tokens" -> Map.of("name", "ci", "expires_in", 600);
            case "POST /api/projects" -> Map.of("name", "p" + SEQ.incrementAndGet());
            case "PUT /api/projects/{name}/members/{username}" -> Map.of("role", "viewer");
            case "POST /api/jobs" -> idleJob("default");
            case "POST /api/jobs/{job}/approve" -> Map.of("comment", "fine");
            case "POST /api/jobs/{job}/reject" -> Map.of("reason", "no");
            default -> row.method().equals("POST") || row.method().equals("PUT") ? Map.of() : null;
        };
    }
}
