package ai.matrix.architect.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.matrix.architect.e2e.TestApi;
import ai.matrix.architect.evidence.osv.FakeOsvApi;
import ai.matrix.architect.evidence.osv.OsvExportServer;
import ai.matrix.architect.evidence.osv.OsvFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every scan source on one real npm project (minimist 0.0.8) through VERIFY in the auto-chosen sandbox: the
 * scheduled refresh downloads the npm export into the offline database at start, the OSV API (a loopback stand-in
 * in its wire format: api.osv.dev cannot be reached from here) is asked about the SBOM's packages, and the
 * profile's {@code npm-scan} check runs the real npm audit, which reaches registry.npmjs.org only through the
 * egress proxy. The merged report names each finding once with its source, and GATE denies on its counts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScanSourcesEndToEndTest {
    static final Path ROOT = VerificationEvidenceTest.tempDir();
    static final String PASSWORD = "scan-sources-test-password-1";
    static final OsvExportServer EXPORTS = start(OsvExportServer::new);
    static final FakeOsvApi API = start(() -> new FakeOsvApi(1)
            .advisory(OsvFixtures.MINIMIST_MEDIUM, "npm", "minimist", "0.0.8")
            .advisory(OsvFixtures.MINIMIST_CRITICAL, "npm", "minimist", "0.0.8"));

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        Files.createDirectories(ROOT.resolve("repos"));
        EXPORTS.put("npm", OsvFixtures.zip(OsvFixtures.MINIMIST_MEDIUM), "\"npm-1\"");
        r.add("architect.data-dir", () -> ROOT.resolve("data").toString());
        r.add("architect.repo-roots", () -> ROOT.resolve("repos").toString());
        r.add("architect.admin-password", () -> PASSWORD);
        r.add("architect.evidence.osv-database", () -> ROOT.resolve("osv").toString());
        r.add("architect.evidence.osv-refresh.enabled", () -> "true");
        r.add("architect.evidence.osv-refresh.base-url", EXPORTS::url);
        r.add("architect.evidence.osv-refresh.ecosystems", () -> "npm");
        r.add("architect.evidence.osv-api-url", API::url);
        r.add("db-scheduler.polling-interval", () -> "500ms");
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stopServers() {
        EXPORTS.close();
        API.close();
    }

    @Test
    void findingsOfTheDatabaseTheApiAndNpmAuditMeetInOneReport() throws Exception {
        // the refresh task runs when the scheduler starts
        await().atMost(Duration.ofMinutes(1)).until(() -> Files.isRegularFile(ROOT.resolve("osv/npm/all.zip")));
        assertThat(EXPORTS.requests.getFirst().path()).isEqualTo("/npm/all.zip");
        assertThat(EXPORTS.requests.getFirst().status()).isEqualTo(200);

        TestApi api = new TestApi("http://localhost:" + port).login("admin", PASSWORD);
        Path bare = FixtureRepos.bare(ROOT.resolve("repos"), "npm-audit", FixtureRepos.npmWithAdvisories());
        String id = api.createJob(FixtureRepos.verifyOnly(bare)).get("id").asString();
        JsonNode job = FixtureRepos.awaitEnd(api, id, Duration.ofMinutes(6));
        String log = api.get("/api/jobs/" + id + "/logs?stage=VERIFY").body();

        assertThat(job.at("/evidence/checks").findValuesAsString("name"))
                .as(log)
                .containsExactly("npm-fetch", "npm-test", "npm-scan");
        JsonNode scanCheck = FixtureRepos.check(job, "npm-scan");
        assertThat(scanCheck.get("status").asString()).as(log).isEqualTo("passed");
        assertThat(scanCheck.get("network").asBoolean()).isFalse();
        assertThat(scanCheck.get("egress_proxy").asBoolean()).isTrue();
        String scanLog = log.substring(log.indexOf("== check npm-scan (scan, egress proxy only)"));
        assertThat(scanLog).contains("[egress] CONNECT registry.npmjs.org:443 allowed");

        JsonNode scan = job.at("/evidence/scan");
        assertThat(scan.get("status").asString()).as(scan.toString()).isEqualTo("completed");
        JsonNode report = TestApi.JSON.readTree(
                api.get("/api/artifacts/" + id + "/vulnerabilities.json").body());
        assertThat(report.get("sources").findValuesAsString("name"))
                .containsExactly("osv-database", "osv-api", "npm-audit");
        List<String> ids = report.get("findings").findValuesAsString("id");
        assertThat(ids).containsExactlyInAnyOrder("GHSA-vh95-rmgr-6w4m", "GHSA-xvch-5gv4-984h");
        JsonNode medium = finding(report, "GHSA-vh95-rmgr-6w4m");
        assertThat(medium.get("source").asString()).isEqualTo("osv-database");
        assertThat(medium.get("package").asString()).isEqualTo("minimist");
        assertThat(medium.get("version").asString()).isEqualTo("0.0.8");
        assertThat(medium.get("purl").asString()).isEqualTo("pkg:npm/minimist@0.0.8");
        assertThat(medium.get("severity").asString()).isEqualTo("medium");
        assertThat(sources(medium)).contains("osv-api");
        JsonNode critical = finding(report, "GHSA-xvch-5gv4-984h");
        assertThat(critical.get("source").asString()).isEqualTo("osv-api");
        assertThat(critical.get("severity").asString()).isEqualTo("critical");
        assertThat(job.at("/evidence/vulnerabilities/critical").asInt()).isEqualTo(1);
        assertThat(job.at("/evidence/vulnerabilities/medium").asInt()).isEqualTo(1);
        assertThat(API.batches.getFirst().toString())
                .contains("{\"package\":{\"name\":\"minimist\",\"ecosystem\":\"npm\"},\"version\":\"0.0.8\"}");

        // what npm audit wrote is kept as it is; the registry decides whether it is a report or its refusal
        JsonNode npmAudit = TestApi.JSON.readTree(
                api.get("/api/artifacts/" + id + "/npm-audit.json").body());
        JsonNode npmSource = report.get("sources").get(2);
        if (npmAudit.path("auditReportVersion").asInt() == 2) {
            assertThat(npmSource.get("status").asString()).isEqualTo("completed");
            assertThat(sources(critical)).contains("npm-audit");
            assertThat(sources(medium)).contains("npm-audit");
        } else {
            // a registry that refuses the advisory endpoint (this workplace's mirror answers 405): a failed
            // source with npm's own words, while the scan stands on the sources that ran
            assertThat(npmSource.get("status").asString()).isEqualTo("failed");
            assertThat(npmSource.get("reason").asString())
                    .isEqualTo("npm audit wrote no audit report: "
                            + npmAudit.get("message").asString());
            assertThat(scan.get("reason").asString()).startsWith("npm-audit: npm audit wrote no audit report");
        }

        assertThat(job.get("stage").asString()).as(job.toString()).isEqualTo("GATE");
        assertThat(job.at("/gate/decision").asString()).isEqualTo("deny");
        assertThat(job.get("error").asString()).isEqualTo("denied: 1 critical vulnerabilities found");
    }

    @Test
    void aJobWithoutSecurityScanRunsNoAuditCheck() throws Exception {
        TestApi api = new TestApi("http://localhost:" + port).login("admin", PASSWORD);
        Path bare = FixtureRepos.bare(ROOT.resolve("repos"), "npm-no-scan", FixtureRepos.npmWithAdvisories());
        var body = FixtureRepos.verifyOnly(bare);
        body.put("constraints", java.util.Map.of("security_scan", false));
        String id = api.createJob(body).get("id").asString();
        JsonNode job = FixtureRepos.awaitEnd(api, id, Duration.ofMinutes(6));
        String log = api.get("/api/jobs/" + id + "/logs?stage=VERIFY").body();

        JsonNode scanCheck = FixtureRepos.check(job, "npm-scan");
        assertThat(scanCheck.get("status").asString()).as(log).isEqualTo("skipped");
        assertThat(scanCheck.get("reason").asString()).contains("vulnerability scan is off");
        assertThat(log).doesNotContain("== check npm-scan (scan");
        assertThat(job.at("/evidence/scan/status").asString()).isEqualTo("skipped");
        assertThat(FixtureRepos.check(job, "npm-test").get("status").asString()).isEqualTo("passed");
    }

    private static JsonNode finding(JsonNode report, String id) {
        for (JsonNode f : report.get("findings")) if (f.get("id").asString().equals(id)) return f;
        throw new AssertionError("no finding " + id + " in " + report);
    }

    private static List<String> sources(JsonNode finding) {
        List<String> out = new ArrayList<>();
        out.add(finding.get("source").asString());
        finding.path("also_found_by").forEach(s -> out.add(s.asString()));
        return out;
    }

    private interface Start<T> {
        T get() throws IOException;
    }

    private static <T> T start(Start<T> server) {
        try {
            return server.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
