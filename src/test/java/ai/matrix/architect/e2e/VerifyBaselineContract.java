package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.workspace.TestGit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * VERIFY's baseline (issue 12, finding 4): a repository whose base commit already fails a test. A job that breaks
 * nothing more is classified "already failing" and waits at GATE for a person; one that breaks another test fails
 * at VERIFY, naming the new failure. The base commit's run is cached: the second job does not run it again.
 * Run by {@link VerifyBaselineH2Test} (the server's own choice of sandbox: docker where its engine answers) and
 * {@link VerifyBaselineBwrapH2Test}.
 */
abstract class VerifyBaselineContract {
    /** The server's data and repository root. */
    abstract Path root();

    @LocalServerPort
    int port;

    TestApi api;

    @BeforeEach
    void login() {
        api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
    }

    private static final String CALC = """
            def add(a, b):
                return a + b


            def sub(a, b):
                return a + b  # the bug the base commit already has


            def mul(a, b):
                return a * %s
            """;

    private static final String TESTS = """
            import calc


            def test_add():
                assert calc.add(2, 3) == 5


            def test_sub():
                assert calc.sub(5, 3) == 2


            def test_mul():
                assert calc.mul(2, 3) == 6
            """;

    /** A pytest project on main whose test_sub already fails. */
    private Path repo() throws Exception {
        Path work = Files.createDirectories(root().resolve("repos").resolve("baseline-" + System.nanoTime()));
        Map<String, String> files = Map.of(
                "pyproject.toml",
                "[project]\nname = \"calc\"\nversion = \"0.1\"\n",
                "calc.py",
                CALC.formatted("b"),
                "test_calc.py",
                TESTS,
                "README.md",
                "# calc\n");
        for (var f : files.entrySet()) Files.writeString(work.resolve(f.getKey()), f.getValue());
        TestGit.git(work, "init", "--quiet");
        TestGit.git(work, "add", "-A");
        TestGit.git(work, "commit", "--quiet", "-m", "calc with a broken sub");
        return work;
    }

    private String change(Path repo, String path, String content) {
        return api.createJob(Fixtures.changeJob(repo, path, content)).get("id").asString();
    }

    private JsonNode await(String id, String... statuses) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(250))
                .until(() ->
                        List.of(statuses).contains(api.job(id).get("status").asString()));
        return api.job(id);
    }

    private static List<String> failures(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : list)
            out.add(f.get("check").asString() + ": " + f.get("test").asString());
        return out;
    }

    private String verifyLog(String id) {
        return api.get("/api/jobs/" + id + "/logs?stage=VERIFY").body();
    }

    @Test
    void aJobThatBreaksNothingMoreWaitsForApprovalAndOneThatBreaksAnotherTestFails() throws Exception {
        Path repo = repo();
        String base = TestGit.git(repo, "rev-parse", "main").strip();

        // (a) only the README changes: test_sub fails as it does on main
        String unrelated = change(repo, "README.md", "# calc\n\nAdds, subtracts and multiplies.\n");
        JsonNode waiting = await(unrelated, "awaiting_approval", "failed", "succeeded");
        assertThat(waiting.get("status").asString()).as(waiting.toString()).isEqualTo("awaiting_approval");
        JsonNode verify = waiting.get("stages").get(2);
        assertThat(verify.get("status").asString()).isEqualTo("succeeded");
        assertThat(verify.get("summary").asString())
                .isEqualTo("2 passed, 1 failed, 0 skipped; 1 test was already failing on the base commit");
        JsonNode baseline = waiting.get("evidence").get("baseline");
        assertThat(baseline.get("status").asString()).isEqualTo("compared");
        assertThat(baseline.get("base_commit").asString()).isEqualTo(base);
        assertThat(failures(baseline.get("preexisting_failures"))).containsExactly("python-test: test_calc.test_sub");
        assertThat(baseline.get("new_failures").size()).isZero();
        assertThat(baseline.get("checks").get(0).get("cached").asBoolean()).isFalse();
        assertThat(waiting.get("gate").get("decision").asString()).isEqualTo("require_approval");
        assertThat(waiting.get("gate").get("reasons").toString())
                .contains("1 test was already failing on the base commit (" + base
                        + "): python-test: test_calc.test_sub");
        assertThat(verifyLog(unrelated))
                .contains("baseline: running python-test on the base commit " + base)
                .contains("baseline: 1 test was already failing on the base commit");

        // (b) mul breaks too: test_mul is new, test_sub is old; the base commit's run comes from the cache
        String breaking = change(repo, "calc.py", CALC.formatted("b + 1"));
        JsonNode failed = await(breaking, "failed", "succeeded", "awaiting_approval");
        assertThat(failed.get("status").asString()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.get("stage").asString()).isEqualTo("VERIFY");
        assertThat(failed.get("error").asString())
                .startsWith("1 new failure: test_calc.test_mul; 1 test was already failing on the base commit; ");
        JsonNode classified = failed.get("evidence").get("baseline");
        assertThat(failures(classified.get("new_failures"))).containsExactly("python-test: test_calc.test_mul");
        assertThat(failures(classified.get("preexisting_failures"))).containsExactly("python-test: test_calc.test_sub");
        assertThat(classified.get("checks").get(0).get("cached").asBoolean()).isTrue();
        assertThat(verifyLog(breaking))
                .contains("baseline: python-test on the base commit, from the cache: failed")
                .doesNotContain("baseline: running");

        // a person other than the creator accepts (a): the job goes on and pushes its branch
        assertThat(api.post(
                                "/api/users",
                                Map.of("username", "carol", "password", "carol-password-1", "role", "operator"))
                        .status())
                .isIn(201, 409);
        TestApi carol = new TestApi("http://localhost:" + port).login("carol", "carol-password-1");
        assertThat(carol.post("/api/jobs/" + unrelated + "/approve", Map.of("comment", "sub was broken before"))
                        .status())
                .isEqualTo(200);
        JsonNode done = await(unrelated, "succeeded", "failed");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(TestGit.git(repo, "rev-parse", "architect/" + unrelated).strip())
                .isEqualTo(done.get("result_commit").asString());
    }

    /**
     * A test the change adds fails the first time and passes when run again (a timing-sensitive test on a loaded
     * machine does that): it is flaky, not new, and a person decides at GATE, with the list in view.
     */
    @Test
    void aNewFailureThatPassesWhenRunAgainIsFlakyAndWaitsForAPerson() throws Exception {
        Path repo = repo();
        String flaky = api.createJob(Fixtures.addFileJob(repo, "test_flaky.py", """
                import os


                def test_first_run_fails():
                    marker = ".matrix-architect-test-ran-once"
                    if not os.path.exists(marker):
                        open(marker, "w").close()
                        assert False, "fails the first time only"
                """))
                .get("id")
                .asString();
        JsonNode waiting = await(flaky, "awaiting_approval", "failed", "succeeded");
        assertThat(waiting.get("status").asString()).as(waiting.toString()).isEqualTo("awaiting_approval");
        JsonNode baseline = waiting.get("evidence").get("baseline");
        assertThat(failures(baseline.get("flaky_failures")))
                .containsExactly("python-test: test_flaky.test_first_run_fails");
        assertThat(baseline.get("new_count").asInt()).isZero();
        assertThat(failures(baseline.get("preexisting_failures"))).containsExactly("python-test: test_calc.test_sub");
        assertThat(waiting.get("stages").get(2).get("summary").asString())
                .contains("1 failure passed when run again on the job's commit (flaky):"
                        + " test_flaky.test_first_run_fails");
        assertThat(waiting.get("gate").get("reasons").toString())
                .contains("1 test(s) failed once and passed when run again on the job's commit:"
                        + " python-test: test_flaky.test_first_run_fails");
        assertThat(verifyLog(flaky))
                .contains("baseline: once more on the job's commit, to tell new failures from flaky ones: python-test")
                .contains("baseline: 1 new failure(s) passed the second time (flaky): test_flaky.test_first_run_fails");
    }
}
