package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * PATCH keeps a change to what the plan meant (issue 12): no build output slips into the commit, an update of a
 * missing file is an error, a failed command says why, and a failed PATCH leaves its evidence behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PatchHygieneH2Test {
    static final Path ROOT = ServerTestSupport.tempDir("architect-patch");

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

    private static final String HELLO_C = "int main(void) { return 0; }\n";

    private Map<String, Object> job(Path origin, List<Map<String, Object>> ops) {
        Map<String, Object> body = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        body.put("goal", "A change with ops that test PATCH");
        body.put("plan", Map.of("steps", List.of(Map.of("id", "s1", "ops", ops))));
        body.put("verify", Map.of("commands", List.of("true")));
        body.put("constraints", Map.of("require_tests", false));
        return body;
    }

    private JsonNode run(Map<String, Object> body) {
        String id = api.createJob(body).get("id").asString();
        return api.awaitSucceededOrFailed(id, Duration.ofSeconds(120));
    }

    private static Map<String, Object> op(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private List<String> artifactNames(String jobId) {
        List<String> names = new ArrayList<>();
        for (JsonNode a : api.get("/api/artifacts/" + jobId).json().get("items"))
            names.add(a.get("name").asString());
        return names;
    }

    @Test
    void aCompiledBinaryLeftByARunOpIsRefusedUnlessTheOpCommitsIt() throws Exception {
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        var compile = List.of(
                op("op", "create", "path", "hello.c", "content", HELLO_C),
                op("op", "run", "command", "cc -o hello hello.c"));
        JsonNode refused = run(job(origin, compile));
        assertThat(refused.get("status").asString()).isEqualTo("failed");
        assertThat(refused.get("error").asString())
                .contains("look like build outputs", "hello (an ELF binary", "\"commit\"")
                .doesNotContain("hello.c (");
        assertThat(artifactNames(refused.get("id").asString()))
                .contains("plan.json", "patch.log", "patch-partial.diff");

        var committed = List.of(
                op("op", "create", "path", "hello.c", "content", HELLO_C),
                op("op", "run", "command", "cc -o hello hello.c", "commit", List.of("hello")));
        JsonNode kept = run(job(origin, committed));
        assertThat(kept.get("status").asString()).as(kept.toString()).isEqualTo("succeeded");
        String branch = "architect/" + kept.get("id").asString();
        assertThat(Fixtures.git(origin, "ls-tree", "--name-only", branch)).contains("hello\n", "hello.c\n");

        var ignored = List.of(
                op("op", "upsert", "path", ".gitignore", "content", "/hello\n"),
                op("op", "create", "path", "hello.c", "content", HELLO_C),
                op("op", "run", "command", "cc -o hello hello.c"));
        JsonNode clean = run(job(origin, ignored));
        assertThat(clean.get("status").asString()).as(clean.toString()).isEqualTo("succeeded");
        String cleanBranch = "architect/" + clean.get("id").asString();
        assertThat(Fixtures.git(origin, "ls-tree", "--name-only", cleanBranch))
                .contains("hello.c\n")
                .doesNotContain("hello\n");
    }

    @Test
    void anUpdateOfAMissingFileFailsNamingItAndUpsertCreatesOrReplaces() throws Exception {
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        JsonNode typo = run(job(
                origin,
                List.of(
                        op("op", "create", "path", "NOTES.md", "content", "notes\n"),
                        op("op", "update", "path", "READNE.md", "content", "typo\n"))));
        assertThat(typo.get("status").asString()).isEqualTo("failed");
        assertThat(typo.get("error").asString()).contains("update: 'READNE.md' does not exist", "upsert");
        String id = typo.get("id").asString();
        assertThat(api.get("/api/artifacts/" + id + "/patch-partial.diff").body())
                .contains("+++ b/NOTES.md");
        assertThat(api.get("/api/artifacts/" + id + "/patch.log").body()).contains("create NOTES.md", "READNE.md");

        JsonNode upserted = run(job(
                origin,
                List.of(
                        op("op", "upsert", "path", "NEW.md", "content", "new\n"),
                        op("op", "upsert", "path", "calc.py", "content", "def add(a, b):\n    return a + b\n"))));
        assertThat(upserted.get("status").asString()).as(upserted.toString()).isEqualTo("succeeded");
        String branch = "architect/" + upserted.get("id").asString();
        assertThat(Fixtures.git(origin, "show", branch + ":NEW.md")).isEqualTo("new\n");
        assertThat(Fixtures.git(origin, "show", branch + ":calc.py")).isEqualTo("def add(a, b):\n    return a + b\n");
    }

    @Test
    void aFailedRunOpSaysWhyInItsError() throws Exception {
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        JsonNode failed = run(job(
                origin,
                List.of(op(
                        "op",
                        "run",
                        "command",
                        "echo compiling; echo 'error: the tool frobnicate is not installed' >&2; echo done; exit 2"))));
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").asString())
                .contains("exit code 2", "error: the tool frobnicate is not installed");
    }

    @Test
    void aRunOpSeesTheRepositoryThroughGit() throws Exception {
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        String main = Fixtures.git(origin, "rev-parse", "main").strip();
        JsonNode done = run(job(
                origin, List.of(op("op", "run", "command", "git rev-parse HEAD > HEAD.txt && git status --short"))));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        String branch = "architect/" + done.get("id").asString();
        assertThat(Fixtures.git(origin, "show", branch + ":HEAD.txt").strip()).isEqualTo(main);
        assertThat(Fixtures.git(origin, "ls-tree", "-r", "--name-only", branch)).doesNotContain(".git/");
    }
}
