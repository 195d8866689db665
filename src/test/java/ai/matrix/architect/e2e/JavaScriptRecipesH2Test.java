package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The JavaScript recipes (issue 16): eslint --fix with the repository's own configuration and prettier, their
 * pinned versions fetched from npm through the egress proxy into the project's cache once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JavaScriptRecipesH2Test {
    static final Path ROOT = ServerTestSupport.tempDir("architect-js-recipes");
    private static final Pattern EGRESS = Pattern.compile("egress proxy: (\\d+) request\\(s\\)");

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
    }

    @LocalServerPort
    int port;

    TestApi api;

    @BeforeEach
    void login() {
        api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
    }

    /** The repository's own rules: no var, const where possible, semicolons, ===. */
    static final String CONFIG = """
            module.exports = [
              {
                files: ["**/*.js"],
                languageOptions: { sourceType: "commonjs" },
                rules: { "no-var": "error", "prefer-const": "error", semi: ["error", "always"], eqeqeq: "error" },
              },
            ];
            """;

    static final String CART = """
            var items = []
            function add(item) {
              let total = items.length
              items.push(item)
              return total + 1
            }
            module.exports = { add }
            """;

    static final String TEST = """
            const test = require("node:test");
            const assert = require("node:assert");
            const { add } = require("../cart.js");

            test("add counts the items", () => {
              assert.strictEqual(add("apple"), 1);
            });
            """;

    private Path repo(String packageJson) throws Exception {
        return Fixtures.repo(
                ROOT.resolve("repos"),
                "js",
                Map.of(
                        "package.json",
                        packageJson,
                        "eslint.config.js",
                        CONFIG,
                        "cart.js",
                        CART,
                        "test/cart.test.js",
                        TEST));
    }

    private JsonNode run(Path repo, List<Map<String, Object>> ops) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("repo", Map.of("kind", "git", "url", repo.toUri().toString(), "ref", "main"));
        body.put("goal", "Tidy the JavaScript");
        body.put("auto_execute", true);
        body.put("plan", Map.of("steps", List.of(Map.of("id", "s1", "ops", ops))));
        String id = api.createJob(body).get("id").asString();
        return api.awaitSucceededOrFailed(id, Duration.ofSeconds(240));
    }

    private String logs(JsonNode job) {
        return job + "\n"
                + api.get("/api/jobs/" + job.get("id").asString() + "/logs").body();
    }

    private List<Integer> egressCounts(String jobId) {
        Matcher m = EGRESS.matcher(api.get("/api/jobs/" + jobId + "/logs").body());
        List<Integer> counts = new java.util.ArrayList<>();
        while (m.find()) counts.add(Integer.parseInt(m.group(1)));
        return counts;
    }

    @Test
    void eslintFixesWithTheRepositorysConfigAndASecondJobFetchesNothing() throws Exception {
        Path repo = repo("{\"name\": \"cart\", \"version\": \"1.0.0\"}\n");
        JsonNode first = run(repo, List.of(Map.of("op", "recipe", "name", "javascript.eslint-fix")));
        assertThat(first.get("status").asString()).as(logs(first)).isEqualTo("succeeded");
        assertThat(first.at("/plan/recipes/0/tools/eslint").asString()).isEqualTo("v10.15.0");
        assertThat(first.at("/plan/recipes/0/report/0").asString()).isEqualTo("eslint: nothing left to fix");
        String id = first.get("id").asString();
        assertThat(api.get("/api/artifacts/" + id + "/patch.diff").body())
                .contains("+const items = [];", "+  const total = items.length;", "+module.exports = { add };");
        assertThat(egressCounts(id)).hasSize(1).allMatch(n -> n > 0);

        JsonNode second = run(
                repo,
                List.of(
                        Map.of("op", "recipe", "name", "javascript.eslint-fix"),
                        Map.of("op", "recipe", "name", "javascript.prettier")));
        assertThat(second.get("status").asString()).as(second.toString()).isEqualTo("succeeded");
        List<Integer> counts = egressCounts(second.get("id").asString());
        assertThat(counts).hasSize(2);
        assertThat(counts.getFirst())
                .as("eslint is in the project's cache already")
                .isZero();
        assertThat(second.at("/plan/recipes/1/tools/prettier").asString()).isEqualTo("3.10.1");
    }
}
