package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Recipes (issue 16): the catalog, bad recipe ops refused by field, a recipe on an ecosystem the repository lacks,
 * a recipe that changes nothing, and the seed's example planned from its goal with no model, end to end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecipesH2Test {
    static final Path ROOT = ServerTestSupport.tempDir("architect-recipes");

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

    private static Map<String, Object> job(Path repo, String goal, List<Map<String, Object>> ops) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("repo", Map.of("kind", "git", "url", repo.toUri().toString(), "ref", "main"));
        body.put("goal", goal);
        body.put("auto_execute", true);
        if (ops != null) body.put("plan", Map.of("steps", List.of(Map.of("id", "s1", "ops", ops))));
        return body;
    }

    private JsonNode run(Map<String, Object> body) {
        String id = api.createJob(body).get("id").asString();
        return api.awaitSucceededOrFailed(id, Duration.ofSeconds(180));
    }

    @Test
    void theCatalogListsEachRecipeWithItsArgumentsAndTools() {
        JsonNode items = api.get("/api/recipes").json().get("items");
        JsonNode upgrade = null;
        for (JsonNode i : items) if (i.get("name").asString().equals("python.upgrade")) upgrade = i;
        assertThat(upgrade).as(items.toString()).isNotNull();
        assertThat(upgrade.get("ecosystem").asString()).isEqualTo("python");
        assertThat(upgrade.at("/args/0/name").asString()).isEqualTo("target");
        assertThat(upgrade.at("/args/0/type").asString()).isEqualTo("version");
        assertThat(upgrade.at("/args/0/default").asString()).isEqualTo("3.11");
        assertThat(upgrade.at("/tools/0/name").asString()).isEqualTo("pyupgrade");
        assertThat(upgrade.at("/tools/0/version").asString()).matches("\\d+\\.\\d+.*");
    }

    @Test
    void anUnknownRecipeOrAWrongArgumentIsRefusedNamingTheField() throws Exception {
        Path repo = Fixtures.repo(ROOT.resolve("repos"), "py", PythonFixtures.tidy());
        TestApi.Response unknown =
                api.post("/api/jobs", job(repo, "Tidy", List.of(Map.of("op", "recipe", "name", "python.formatt"))));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        JsonNode error = unknown.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("plan.steps[0].ops[0].name");
        assertThat(error.get("message").asString()).contains("similar: python.format");

        TestApi.Response wrongType = api.post(
                "/api/jobs",
                job(
                        repo,
                        "Upgrade",
                        List.of(Map.of("op", "recipe", "name", "python.upgrade", "args", Map.of("target", 3.11)))));
        assertThat(wrongType.status()).as(wrongType.body()).isEqualTo(400);
        assertThat(wrongType.json().get("errors").get(0).get("field").asString())
                .isEqualTo("plan.steps[0].ops[0].args.target");
    }

    @Test
    void aRecipeForAnEcosystemTheRepositoryLacksFailsPlanSayingSo() throws Exception {
        Path repo = Fixtures.repo(
                ROOT.resolve("repos"), "js", Map.of("package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}\n"));
        JsonNode failed = run(job(repo, "Format", List.of(Map.of("op", "recipe", "name", "python.format"))));
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("stage").asString()).isEqualTo("PLAN");
        assertThat(failed.get("error").asString())
                .isEqualTo("The recipe python.format (plan.steps[0].ops[0]) works on python projects, and the"
                        + " repository is not one (it is npm).");
    }

    @Test
    void aRecipeThatChangesNothingIsSkippedWithTheReason() throws Exception {
        Path repo = Fixtures.repo(ROOT.resolve("repos"), "tidy", PythonFixtures.tidy());
        JsonNode done = run(job(repo, "Format", List.of(Map.of("op", "recipe", "name", "python.format"))));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        JsonNode recipe = done.at("/plan/recipes/0");
        assertThat(recipe.get("status").asString()).isEqualTo("skipped");
        assertThat(recipe.get("reason").asString()).startsWith("python.format changed nothing (black ");
        assertThat(done.at("/stages/1/summary").asString()).contains("1 recipe(s) skipped");
    }

    @Test
    void theSeedsGoalRunsWithNoPlanAndNoModel() throws Exception {
        Path repo = Fixtures.repo(ROOT.resolve("repos"), "old", PythonFixtures.oldStyle());
        JsonNode done = run(job(repo, "Upgrade to Python 3.11 and fix linting errors", null));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        JsonNode plan = done.get("plan");
        assertThat(plan.get("planned_by").asString()).isEqualTo("recipes");
        assertThat(plan.at("/steps/0/ops/0/name").asString()).isEqualTo("python.upgrade");
        assertThat(plan.at("/steps/0/ops/0/args/target").asString()).isEqualTo("3.11");
        assertThat(plan.at("/steps/0/rationale").asString()).contains("Python", "3.11");
        assertThat(plan.at("/steps/1/ops/0/name").asString()).isEqualTo("python.fix-lint");
        assertThat(plan.at("/recipes/0/tools").has("pyupgrade")).isTrue();
        assertThat(plan.at("/recipes/1/tools").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("autoflake", "isort", "black", "flake8");
        assertThat(plan.at("/recipes/1/report/0").asString()).isEqualTo("flake8: 0 finding(s) left");

        String id = done.get("id").asString();
        String diff = api.get("/api/artifacts/" + id + "/patch.diff").body();
        assertThat(diff)
                .contains("+    return f\"{name}: {count} items\"")
                .contains("+def totals(items: list[int]) -> dict[str, int]:")
                .contains("-from typing import List, Dict, Optional");
        String branch = "architect/" + id;
        assertThat(Fixtures.git(repo.resolve(".git"), "show", branch + ":inventory.py"))
                .isEqualTo(PythonFixtures.TIDY);
        assertThat(done.at("/evidence/tests/passed").asInt()).isEqualTo(3);
    }
}
