package ai.matrix.architect.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.e2e.TestApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 4 for VERIFY's profiles: an auto-detected Maven project's {@code maven-fetch} check has no network of its
 * own and reaches Maven Central only through the egress proxy (each proxied CONNECT in the job log), and its tests
 * then pass in {@code maven-test} with no network at all; a second job of the project finds its dependencies in
 * the project's shared cache. The same for npm against the npm registry. Caches are per project: what a job
 * writes into its cache is seen by the next job of its project and by no other project's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FetchThroughEgressTest {
    static final Path ROOT = VerificationEvidenceTest.tempDir();
    static final String PASSWORD = "egress-fetch-test-password-1";

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        Files.createDirectories(ROOT.resolve("repos"));
        Files.createDirectories(ROOT.resolve("osv"));
        r.add("architect.data-dir", () -> ROOT.resolve("data").toString());
        r.add("architect.repo-roots", () -> ROOT.resolve("repos").toString());
        r.add("architect.admin-password", () -> PASSWORD);
        r.add("architect.evidence.osv-database", () -> ROOT.resolve("osv").toString());
        r.add("db-scheduler.polling-interval", () -> "500ms");
    }

    @LocalServerPort
    int port;

    @Test
    void mavenFetchCheckGoesOnlyThroughTheEgressProxyAndTheTestsThenPassOffline() throws Exception {
        TestApi api = new TestApi("http://localhost:" + port).login("admin", PASSWORD);
        Map<String, String> files = new HashMap<>(FixtureRepos.maven());
        // only the passing tests of the fixture
        files.put(
                "src/test/java/com/example/CalcTest.java",
                files.get("src/test/java/com/example/CalcTest.java")
                        .replaceAll("(?s)\\s*@Test\\s*@Disabled.*void later\\(\\) \\{}", "")
                        .replaceAll("(?s)\\s*@Test\\s*void wrong\\(\\) \\{[^}]*}", ""));
        Path bare = FixtureRepos.bare(ROOT.resolve("repos"), "maven-egress", files);
        JsonNode job = verify(api, bare, null, null);
        String id = job.get("id").asString();
        String log = api.get("/api/jobs/" + id + "/logs?stage=VERIFY").body();

        JsonNode fetch = FixtureRepos.check(job, "maven-fetch");
        assertThat(fetch.get("status").asString()).as(log).isEqualTo("passed");
        assertThat(fetch.get("network").asBoolean()).isFalse();
        assertThat(fetch.get("egress_proxy").asBoolean()).isTrue();
        assertThat(log)
                .contains("== check maven-fetch (fetch, egress proxy only)")
                .contains("through the egress proxy")
                .contains("[egress] CONNECT repo.maven.apache.org:443 allowed")
                .doesNotContain("WITH network access");

        JsonNode test = FixtureRepos.check(job, "maven-test");
        assertThat(test.get("status").asString()).isEqualTo("passed");
        assertThat(test.get("network").asBoolean()).isFalse();
        assertThat(test.has("egress_proxy")).isFalse();
        assertThat(test.at("/tests/passed").asInt()).isEqualTo(2);
        assertThat(test.at("/tests/failed").asInt()).isZero();
        assertThat(log).contains("== check maven-test (test, no network)");
        // the proxy saw only the fetch check: no request is logged after the test check started
        assertThat(log.substring(log.indexOf("== check maven-test"))).doesNotContain("[egress]");
        assertThat(job.at("/evidence/tests/passed").asInt()).as(job.toString()).isEqualTo(2);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(log).contains("dependency cache: shared by this project's jobs on this repository");
        long firstFetches = allowed(log);
        assertThat(firstFetches).isPositive();
        // the dependencies sit in the project's cache outside the workspace, and the SBOM still hashes the jars
        try (var found = Files.find(
                ROOT.resolve("data/caches"), 12, (p, a) -> p.toString().endsWith("junit-jupiter-api-5.11.4.jar"))) {
            assertThat(found.toList()).hasSize(1);
        }
        String sbom =
                api.get("/api/artifacts/" + id + "/" + EvidenceRecorder.SBOM).body();
        assertThat(sbom)
                .contains("pkg:maven/org.junit.jupiter/junit-jupiter-api@5.11.4")
                .contains("SHA-256");

        // a second job of the project fetches nothing it already has
        JsonNode again = verify(api, bare, null, null);
        String againLog = api.get("/api/jobs/" + again.get("id").asString() + "/logs?stage=VERIFY")
                .body();
        assertThat(again.get("status").asString()).as(againLog).isEqualTo("succeeded");
        assertThat(FixtureRepos.check(again, "maven-fetch").get("egress_proxy").asBoolean())
                .isTrue();
        assertThat(allowed(againLog)).as(againLog).isZero();
        assertThat(againLog).contains("egress proxy: 0 request(s)");
        assertThat(again.at("/evidence/tests/passed").asInt()).isEqualTo(2);
    }

    @Test
    void npmFetchCheckInstallsFromTheRegistryThroughTheEgressProxyAndTheTestsThenRunOffline() throws Exception {
        TestApi api = new TestApi("http://localhost:" + port).login("admin", PASSWORD);
        Path bare = FixtureRepos.bare(
                ROOT.resolve("repos"),
                "npm-egress",
                Map.of(
                        "package.json", """
                        {"name": "npm-egress", "version": "1.0.0", "private": true,
                         "dependencies": {"is-number": "7.0.0"},
                         "scripts": {"test": "node --test"}}
                        """,
                        "package-lock.json", """
                        {"name": "npm-egress", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
                         "packages": {
                           "": {"name": "npm-egress", "version": "1.0.0", "dependencies": {"is-number": "7.0.0"}},
                           "node_modules/is-number": {"version": "7.0.0",
                             "resolved": "https://registry.npmjs.org/is-number/-/is-number-7.0.0.tgz",
                             "integrity": "%s",
                             "license": "MIT", "engines": {"node": ">=0.12.0"}}}}
                        """.formatted(IS_NUMBER_INTEGRITY),
                        "test/number.test.js", """
                        const test = require('node:test');
                        const assert = require('node:assert');
                        const isNumber = require('is-number');
                        test('a number', () => assert.ok(isNumber(5)));
                        test('not a number', () => assert.ok(!isNumber('five')));
                        """));
        JsonNode job = verify(api, bare, null, null);
        String log = api.get("/api/jobs/" + job.get("id").asString() + "/logs?stage=VERIFY")
                .body();
        JsonNode fetch = FixtureRepos.check(job, "npm-fetch");
        assertThat(fetch.get("status").asString()).as(log).isEqualTo("passed");
        assertThat(fetch.get("network").asBoolean()).isFalse();
        assertThat(fetch.get("egress_proxy").asBoolean()).isTrue();
        assertThat(log)
                .contains("== check npm-fetch (fetch, egress proxy only)")
                .contains("[egress] CONNECT registry.npmjs.org:443 allowed")
                .doesNotContain("WITH network access");
        JsonNode test = FixtureRepos.check(job, "npm-test");
        assertThat(test.get("network").asBoolean()).isFalse();
        assertThat(test.at("/tests/passed").asInt()).as(log).isEqualTo(2);
        // the proxy sees the fetch and the audit (npm-scan), never the tests between them
        assertThat(log.substring(log.indexOf("== check npm-test"), log.indexOf("== check npm-scan")))
                .doesNotContain("[egress]");
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        // the tarball is in the project's npm cache, not in the workspace
        try (var found = Files.find(ROOT.resolve("data/caches"), 3, (p, a) -> p.endsWith("npm/_cacache"))) {
            assertThat(found.toList()).hasSize(1);
        }
    }

    @Test
    void aJobsCacheIsSeenByItsProjectsNextJobAndByNoOtherProject() throws Exception {
        TestApi api = new TestApi("http://localhost:" + port).login("admin", PASSWORD);
        assertThat(api.post("/api/projects", Map.of("name", "cache-other")).status())
                .isEqualTo(201);
        Path bare = FixtureRepos.bare(ROOT.resolve("repos"), "cache-poison", Map.of("README.md", "cache\n"));
        String marker = "\"$MATRIX_ARCHITECT_CACHE/m2/poisoned-marker\"";
        JsonNode poison = verify(api, bare, null, "mkdir -p \"$MATRIX_ARCHITECT_CACHE/m2\" && echo evil > " + marker);
        assertThat(poison.get("status").asString()).as(poison.toString()).isEqualTo("succeeded");

        JsonNode other = verify(api, bare, "cache-other", "test ! -e " + marker + " && echo clean");
        assertThat(other.get("status").asString()).as(other.toString()).isEqualTo("succeeded");
        JsonNode same = verify(api, bare, null, "test -e " + marker);
        assertThat(same.get("status").asString()).as(same.toString()).isEqualTo("succeeded");
        try (var found = Files.find(ROOT.resolve("data/caches"), 3, (p, a) -> p.endsWith("m2/poisoned-marker"))) {
            assertThat(found.toList()).hasSize(1);
        }
    }

    static final String IS_NUMBER_INTEGRITY =
            "sha512-41Cifkg6e8TylSpdtTpeLVMqvSBEVzTttHvERD741+pnZ8ANv0004MRL43QKPDlK9cGvNp6NZWZUBlbGXYxxng==";

    /** Runs a no-change job on the repository to its end: auto-detected checks, or one command. */
    private static JsonNode verify(TestApi api, Path bare, String project, String command) {
        Map<String, Object> body = FixtureRepos.verifyOnly(bare);
        if (project != null) body.put("project", project);
        if (command != null) {
            body.put("verify", Map.of("commands", List.of(command)));
            body.put("constraints", Map.of("require_tests", false));
        }
        return FixtureRepos.awaitEnd(api, api.createJob(body).get("id").asString(), Duration.ofMinutes(5));
    }

    private static long allowed(String log) {
        return java.util.regex.Pattern.compile("\\[egress] \\S+ \\S+ allowed")
                .matcher(log)
                .results()
                .count();
    }
}
