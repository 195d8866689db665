package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.workspace.TestGit;
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
import tools.jackson.databind.JsonNode;

/**
 * Issue 12's "Must show" fixtures through the HTTP API with VERIFY left to auto-detection: each project in the shape
 * real repositories have ({@link FixtureProjects}) gives the right test counts, and a change that breaks it fails
 * VERIFY. Run once per sandbox by the subclasses; npm and Maven reach their registries through the egress proxy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class VerifyFixturesContract {
    @LocalServerPort
    int port;

    TestApi api;

    /** The server's root directory (data, and {@code repos} the allowed repository root). */
    protected abstract Path root();

    /** The sandbox the server must have chosen. */
    protected abstract String sandbox();

    @BeforeEach
    void login() {
        api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
    }

    private Path repo(String name, Map<String, String> files) throws Exception {
        return Fixtures.repo(root().resolve("repos"), name, files);
    }

    private JsonNode change(Path repo, String path, String content) {
        return change(repo, "main", path, content);
    }

    private JsonNode change(Path repo, String ref, String path, String content) {
        String id = api.createJob(Fixtures.changeJob(repo, ref, path, content))
                .get("id")
                .asString();
        return api.awaitSucceededOrFailed(id, Duration.ofMinutes(5));
    }

    private static final Map<Path, Path> MAVEN_REPOS = new java.util.HashMap<>();

    /**
     * Both Maven fixtures in one repository, a branch each: the dependency cache is the project's and repository's,
     * so the second fixture downloads only what the first did not (Maven Central is the slow part of these tests).
     */
    private Path mavenRepo() throws Exception {
        synchronized (MAVEN_REPOS) {
            Path repo = MAVEN_REPOS.get(root());
            if (repo == null) {
                repo = repo("maven", FixtureProjects.mavenTestNgDefaultListeners());
                Fixtures.branch(repo, "ci-runs-test", FixtureProjects.mavenVerifyPhaseNeverRunByCi());
                MAVEN_REPOS.put(root(), repo);
            }
            return repo;
        }
    }

    /** The fixture's toolchain (the sandboxes run the host's own): missing fails in CI (bin/test installs it). */
    private static void requireTools(String... tools) {
        for (String tool : tools) {
            boolean found = java.util.Arrays.stream(System.getenv("PATH").split(":"))
                    .anyMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, tool)));
            String why = tool + " is not installed (bin/test installs it)";
            if (System.getenv("CI") != null) assertThat(found).as(why).isTrue();
            else org.junit.jupiter.api.Assumptions.assumeTrue(found, why);
        }
    }

    private static String tests(JsonNode job) {
        JsonNode t = job.get("evidence").get("tests");
        return t.get("passed").asInt() + "/" + t.get("failed").asInt() + "/"
                + t.get("skipped").asInt();
    }

    private static JsonNode check(JsonNode job, String name) {
        for (JsonNode c : job.get("evidence").get("checks")) {
            if (c.get("name").asString().equals(name)) return c;
        }
        throw new AssertionError(
                "no check " + name + " in " + job.get("evidence").get("checks"));
    }

    private String verifyLog(JsonNode job) {
        return api.get("/api/jobs/" + job.get("id").asString() + "/logs?stage=VERIFY")
                .body();
    }

    private void assertSucceeded(JsonNode job, String counts) {
        assertThat(job.get("status").asString())
                .as(() -> job + "\n" + verifyLog(job))
                .isEqualTo("succeeded");
        assertThat(tests(job)).as(() -> verifyLog(job)).isEqualTo(counts);
        assertThat(verifyLog(job)).as("the sandbox").contains("sandbox: " + sandbox());
    }

    /** VERIFY failed with these counts, and its error shows the runner's own lines saying what failed. */
    private void assertVerifyFailed(JsonNode job, String counts, String... errorSays) {
        assertThat(job.get("status").asString())
                .as(() -> job + "\n" + verifyLog(job))
                .isEqualTo("failed");
        assertThat(job.get("stage").asString()).isEqualTo("VERIFY");
        assertThat(tests(job)).as(() -> verifyLog(job)).isEqualTo(counts);
        assertThat(job.get("error").asString()).contains(errorSays);
    }

    /** tox.ini runs pytest --doctest-modules: the doctests count, and a broken one fails VERIFY. */
    @Test
    void pytestWithDoctestModulesFromToxCountsAndFailsOnABrokenDoctest() throws Exception {
        requireTools("pytest");
        Path repo = repo("tox-doctest-modules", FixtureProjects.pytestDoctests());
        JsonNode fine = change(repo, "squares.py", FixtureProjects.SQUARES.formatted("x  # same"));
        assertSucceeded(fine, "3/0/0");
        assertThat(check(fine, "python-test").get("command").asString()).contains("--doctest-modules");

        JsonNode broken = change(repo, "squares.py", FixtureProjects.SQUARES.formatted("x + (x == 3)"));
        assertVerifyFailed(broken, "2/1/0", "squares.square");
    }

    /**
     * The project declares {@code python -m unittest} (tox.ini, Makefile) and loads its doctests through
     * load_tests, which pytest would not run: they count, and a broken doctest fails VERIFY.
     */
    @Test
    void theDeclaredUnittestCommandRunsDoctestsLoadedByLoadTests() throws Exception {
        Path repo = repo("declared-unittest", FixtureProjects.unittestLoadTests());
        JsonNode fine = change(repo, "squares.py", FixtureProjects.SQUARES.formatted("x  # unchanged"));
        assertSucceeded(fine, "3/0/0");
        List<String> checks = new ArrayList<>();
        for (JsonNode c : fine.get("evidence").get("checks"))
            checks.add(c.get("name").asString());
        assertThat(checks).contains("python-test").doesNotContain("make-test");

        JsonNode broken = change(repo, "squares.py", FixtureProjects.SQUARES.formatted("x + (x == 3)"));
        // unittest's own "FAIL: square (squares)" names the failed doctest
        assertVerifyFailed(broken, "2/1/0", "squares.square");
    }

    /** ctest runs, not the root Makefile's demo; a broken library function fails, and the error says which. */
    @Test
    void cmakeCtestSuiteRunsInsteadOfTheMakefileDemo() throws Exception {
        requireTools("cmake", "ctest", "cc", "make");
        Path repo = repo("cmake-ctest", FixtureProjects.cmakeWithDemoMakefile());
        JsonNode fine = change(repo, "calc.c", FixtureProjects.CALC_C.formatted("b + a"));
        assertSucceeded(fine, "3/0/0");
        assertThat(check(fine, "make-test").get("command").asString()).contains("ctest");

        JsonNode broken = change(repo, "calc.c", FixtureProjects.CALC_C.formatted("a - b"));
        assertVerifyFailed(broken, "2/1/0", "FAIL add(2, 3): got -1, expected 5");
        assertThat(broken.get("error").asString()).as("CMake's chatter").doesNotContain("-- ");
    }

    /** A make-based C suite printing "N tests, M failures" is counted from that line. */
    @Test
    void aMakeSuitePrintingItsOwnTotalsIsCounted() throws Exception {
        requireTools("cc", "make");
        Path repo = repo("c-totals", FixtureProjects.cTotals());
        assertSucceeded(change(repo, "strings.c", FixtureProjects.STRINGS_C.formatted("(int) strlen(s) + 0")), "4/0/0");

        JsonNode broken =
                change(repo, "strings.c", FixtureProjects.STRINGS_C.formatted("(int) strlen(s) + (s[0] == 'a')"));
        assertVerifyFailed(broken, "2/2/0", "4 tests, 2 failures");
    }

    /** A shell suite printing TAP through make test: ok, not ok and # SKIP counted. */
    @Test
    void aTapSuiteRunByMakeIsCounted() throws Exception {
        requireTools("make");
        Path repo = repo("tap-make", FixtureProjects.tapThroughMake());
        assertSucceeded(change(repo, "greet.sh", FixtureProjects.GREET_SH.formatted("Hello")), "3/0/1");
        assertVerifyFailed(
                change(repo, "greet.sh", FixtureProjects.GREET_SH.formatted("Hi")),
                "0/3/1",
                "not ok 1 - greets the world");
    }

    /** uvu installed from the npm registry through the egress proxy; it writes no report, its summary counts. */
    @Test
    void npmWithUvuIsInstalledThroughTheProxyAndCounted() throws Exception {
        requireTools("npm");
        Path repo = repo("npm-uvu", FixtureProjects.npmUvu());
        JsonNode fine = change(repo, "slug.js", FixtureProjects.SLUG_JS.formatted("\"-\""));
        assertSucceeded(fine, "3/0/0");
        assertThat(check(fine, "npm-fetch").get("egress_proxy").asBoolean()).isTrue();
        assertVerifyFailed(
                change(repo, "slug.js", FixtureProjects.SLUG_JS.formatted("'_'")),
                "2/1/0",
                "FAIL",
                "spaces become dashes");
    }

    /** mocha with no reporter configured: its spec summary counts passing, failing and pending. */
    @Test
    void npmWithMochasDefaultReporterIsCounted() throws Exception {
        requireTools("npm");
        Path repo = repo("npm-mocha", FixtureProjects.npmMocha());
        assertSucceeded(change(repo, "slug.js", FixtureProjects.SLUG_JS.formatted("\"-\"")), "3/0/1");
        assertVerifyFailed(
                change(repo, "slug.js", FixtureProjects.SLUG_JS.formatted("'_'")),
                "2/1/1",
                "Expected values to be strictly equal");
    }

    /** A prepare script that asks git (rev-parse, describe with tags) works in the sandbox's .git. */
    @Test
    void anNpmPrepareScriptCallingGitWorks() throws Exception {
        requireTools("npm");
        Path repo = repo("npm-prepare-git", FixtureProjects.npmPrepareAsksGit());
        TestGit.git(repo, "tag", "v1.0.0");
        JsonNode done = change(repo, "README.md", "# stamped\n\nStamps its build with the commit.\n");
        assertSucceeded(done, "2/0/0");
    }

    /**
     * TestNG's default listeners write each result three times; each test counts once (9 would be 3x). The disabled
     * test is skipped, as TestNG's own reports list it (Surefire's summary leaves it out).
     */
    @Test
    void testNgWithDefaultListenersCountsEachTestOnce() throws Exception {
        requireTools("mvn");
        Path repo = mavenRepo();
        String words = "src/main/java/fixture/Words.java";
        JsonNode fine = change(repo, words, FixtureProjects.WORDS_JAVA.formatted(" + 0"));
        assertSucceeded(fine, "3/0/1");
        assertThat(check(fine, "maven-fetch").get("egress_proxy").asBoolean()).isTrue();

        assertVerifyFailed(
                change(repo, words, FixtureProjects.WORDS_JAVA.formatted(" + (s.length() > 5 ? 1 : 0)")),
                "2/1/1",
                "expected [3] but found [4]");
    }

    /** The CI runs mvn test; VERIFY runs test too, never the verify phase whose plugin would fail. */
    @Test
    void mavenRunsWhatItsCiRunsNotTheVerifyPhase() throws Exception {
        requireTools("mvn");
        JsonNode done = change(
                mavenRepo(),
                "ci-runs-test",
                "src/main/java/fixture/Words.java",
                FixtureProjects.WORDS_JAVA.formatted(" + 0"));
        assertSucceeded(done, "2/0/0");
        List<String> commands = new ArrayList<>();
        for (JsonNode c : done.get("evidence").get("checks"))
            commands.add(c.get("command").asString());
        assertThat(commands).noneMatch(c -> c.matches(".*\\bverify\\b.*")).anyMatch(c -> c.endsWith(" test"));
    }

    /** A run op that compiles a binary: the binary is refused by name unless the op commits it. */
    @Test
    void aRunOpLeavingACompiledBinaryIsRefused() throws Exception {
        requireTools("cc");
        Path origin = Fixtures.bareSampleRepo(root().resolve("repos"));
        Map<String, Object> body = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        body.put(
                "plan",
                Map.of(
                        "steps",
                        List.of(Map.of(
                                "id",
                                "s1",
                                "ops",
                                List.of(
                                        Map.of(
                                                "op",
                                                "create",
                                                "path",
                                                "hello.c",
                                                "content",
                                                "int main(void){return 0;}\n"),
                                        Map.of("op", "run", "command", "cc -o hello hello.c"))))));
        String id = api.createJob(body).get("id").asString();
        JsonNode refused = api.awaitSucceededOrFailed(id, Duration.ofMinutes(2));
        assertThat(refused.get("status").asString()).isEqualTo("failed");
        assertThat(refused.get("stage").asString()).isEqualTo("PATCH");
        assertThat(refused.get("error").asString())
                .contains("hello (an ELF binary")
                .doesNotContain("hello.c (");
    }
}
