package ai.matrix.architect.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.e2e.TestApi;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * VERIFY on real fixture projects (Maven with JUnit 5 from Maven Central, npm with node's test runner, Python
 * with Debian's pytest) in the real sandbox: auto-detected profiles, one result model, each check recorded, the
 * CycloneDX SBOM, the OSV scan against a fixture database, signed attestations checked by the CLI, the
 * evidence bundle, and a malformed .matrix-architect.yml. The four jobs run once, side by side.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class VerificationEvidenceTest {
    static final Path ROOT = tempDir();
    static final String PASSWORD = "evidence-test-password-1";

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        Files.createDirectories(ROOT.resolve("repos"));
        r.add("architect.data-dir", () -> ROOT.resolve("data").toString());
        r.add("architect.repo-roots", () -> ROOT.resolve("repos").toString());
        r.add("architect.admin-password", () -> PASSWORD);
        r.add("architect.evidence.osv-database", () -> osvDatabase().toString());
        r.add("db-scheduler.polling-interval", () -> "500ms");
        // the signing key comes from the secrets provider, as a deployment with a managed key has it
        Path secrets = Files.createDirectories(ROOT.resolve("secrets"));
        Files.writeString(secrets.resolve("attestation.pem"), ATTESTATION_PEM);
        r.add("architect.secrets.dir", secrets::toString);
        r.add("architect.evidence.attestation-key", () -> "file:attestation.pem");
    }

    static final String ATTESTATION_PEM;

    static {
        try {
            var g = java.security.KeyPairGenerator.getInstance("EC");
            g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            var pair = g.generateKeyPair();
            ATTESTATION_PEM =
                    AttestationKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded())
                            + AttestationKeys.pem("PUBLIC KEY", pair.getPublic().getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    TestApi api;
    final Map<String, JsonNode> jobs = new HashMap<>();

    @BeforeAll
    void runTheFixtureJobs() throws Exception {
        api = new TestApi("http://localhost:" + port).login("admin", PASSWORD);
        Path repos = ROOT.resolve("repos");
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("maven", submit(FixtureRepos.bare(repos, "maven", FixtureRepos.maven())));
        ids.put("npm", submit(FixtureRepos.bare(repos, "npm", FixtureRepos.npm())));
        ids.put("python", submit(FixtureRepos.bare(repos, "python", FixtureRepos.python())));
        ids.put("make", submit(FixtureRepos.bare(repos, "make", FixtureRepos.make())));
        ids.put("malformed", submit(FixtureRepos.bare(repos, "malformed", FixtureRepos.malformed())));
        for (Map.Entry<String, String> e : ids.entrySet()) {
            jobs.put(e.getKey(), FixtureRepos.awaitEnd(api, e.getValue(), Duration.ofMinutes(4)));
        }
    }

    private String submit(Path bare) {
        return api.createJob(FixtureRepos.verifyOnly(bare)).get("id").asString();
    }

    @Test
    void mavenProfileFetchesThroughTheEgressProxyThenTestsOfflineAndReportsTheFailingTest() {
        JsonNode job = jobs.get("maven");
        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("stage").asString()).isEqualTo("VERIFY");
        JsonNode tests = job.at("/evidence/tests");
        assertThat(tests.get("passed").asInt()).as(job.toString()).isEqualTo(2);
        assertThat(tests.get("failed").asInt()).isEqualTo(1);
        assertThat(tests.get("skipped").asInt()).isEqualTo(1);
        assertThat(job.get("error").asString())
                .contains("maven-test")
                .contains("com.example.CalcTest.wrong at src/test/java/com/example/CalcTest.java:")
                .contains("two and two make five");
        JsonNode fetch = FixtureRepos.check(job, "maven-fetch");
        assertThat(fetch.get("status").asString()).isEqualTo("passed");
        assertThat(fetch.get("network").asBoolean()).isFalse();
        assertThat(fetch.get("egress_proxy").asBoolean()).isTrue();
        JsonNode test = FixtureRepos.check(job, "maven-test");
        assertThat(test.get("status").asString()).isEqualTo("failed");
        assertThat(test.get("network").asBoolean()).isFalse();
        assertThat(test.get("command").asString()).contains(" -o ");
        assertThat(test.get("duration_ms").asLong()).isPositive();
        assertThat(test.at("/tests/failed").asInt()).isEqualTo(1);
        String log = api.get("/api/artifacts/" + job.get("id").asString() + "/verify-maven-test.log")
                .body();
        assertThat(log).contains("Tests run: 4, Failures: 1, Errors: 0, Skipped: 1");
        assertThat(api.get("/api/jobs/" + job.get("id").asString() + "/logs?stage=VERIFY")
                        .body())
                .contains("[egress] CONNECT repo.maven.apache.org:443 allowed")
                .doesNotContain("WITH network access");
    }

    @Test
    void npmAndPythonProfilesUseTheSameResultModel() throws Exception {
        JsonNode npm = jobs.get("npm");
        assertThat(npm.get("status").asString()).isEqualTo("failed");
        assertThat(npm.at("/evidence/tests/passed").asInt()).as(npm.toString()).isEqualTo(2);
        assertThat(npm.at("/evidence/tests/failed").asInt()).isEqualTo(1);
        assertThat(npm.at("/evidence/tests/skipped").asInt()).isEqualTo(1);
        assertThat(npm.get("error").asString())
                .contains("is wrong at test/calc.test.js:")
                .contains("two and two make five");
        assertThat(FixtureRepos.check(npm, "npm-test").get("status").asString()).isEqualTo("failed");

        JsonNode py = jobs.get("python");
        assertThat(py.get("status").asString()).isEqualTo("failed");
        assertThat(py.at("/evidence/tests/passed").asInt()).as(py.toString()).isEqualTo(3);
        assertThat(py.at("/evidence/tests/failed").asInt()).isEqualTo(1);
        assertThat(py.at("/evidence/tests/skipped").asInt()).isEqualTo(1);
        assertThat(py.get("error").asString())
                .contains("test_wrong at tests/test_calc.py:")
                .contains("two and two make five");
        // the repository's file turned the fetch check off and set the environment
        assertThat(py.at("/evidence/checks").findValuesAsString("name")).containsExactly("python-test");

        String report = api.get("/api/artifacts/" + py.get("id").asString() + "/test-report.json")
                .body();
        JsonNode wrong = null;
        for (JsonNode s : TestApi.JSON.readTree(report).get("suites")) {
            for (JsonNode c : s.get("cases")) if (c.get("name").asString().equals("test_wrong")) wrong = c;
        }
        assertThat(wrong).isNotNull();
        assertThat(wrong.get("status").asString()).isEqualTo("failed");
        assertThat(wrong.get("file").asString()).startsWith("tests/test_calc.py:");
    }

    @Test
    void makeProfilePassesAndTheWholeJobSucceedsWithAPassedSummary() {
        JsonNode job = jobs.get("make");
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.at("/evidence/tests/passed").asInt()).isEqualTo(2);
        assertThat(job.at("/evidence/tests/failed").asInt()).isZero();
        assertThat(FixtureRepos.check(job, "make-test").get("status").asString())
                .isEqualTo("passed");
        assertThat(job.at("/evidence/scan/status").asString()).isEqualTo("completed");
        assertThat(job.at("/evidence/vulnerabilities/critical").asInt()).isZero();
        String summary = api.get("/api/artifacts/" + job.get("id").asString() + "/verification-summary.intoto.json")
                .body();
        JsonNode st = TestApi.JSON.readTree(java.util.Base64.getDecoder()
                .decode(TestApi.JSON.readTree(summary).get("payload").asString()));
        assertThat(st.at("/predicate/verificationResult").asString()).isEqualTo("PASSED");
    }

    @Test
    void aMalformedRepoFileFailsVerifyNamingFileLineAndProblemAndNothingRuns() throws Exception {
        JsonNode job = jobs.get("malformed");
        assertThat(job.get("status").asString()).isEqualTo("failed");
        assertThat(job.get("stage").asString()).isEqualTo("VERIFY");
        assertThat(job.get("error").asString())
                .isEqualTo(".matrix-architect.yml, line 3: unknown key 'verify.comands' (known here: profile, commands,"
                        + " image, env, timeout, checks, secrets)");
        JsonNode artifacts =
                api.get("/api/artifacts/" + job.get("id").asString()).json().get("items");
        assertThat(artifacts.findValuesAsString("stage")).doesNotContain("VERIFY");
        assertThat(job.get("evidence").isNull() || job.get("evidence").isMissingNode())
                .isTrue();
    }

    @Test
    void sbomValidatesAndHasTheResolvedDependenciesWithPurlsAndHashes() throws Exception {
        String id = jobs.get("maven").get("id").asString();
        String sbom = api.get("/api/artifacts/" + id + "/sbom.cdx.json").body();
        assertThat(new JsonParser().validate(sbom.getBytes(StandardCharsets.UTF_8), Version.VERSION_16))
                .isEmpty();
        JsonNode bom = TestApi.JSON.readTree(sbom);
        assertThat(bom.at("/metadata/component/version").asString())
                .isEqualTo(jobs.get("maven").get("result_commit").asString());
        Map<String, JsonNode> byPurl = new HashMap<>();
        bom.get("components").forEach(c -> byPurl.put(c.get("purl").asString(), c));
        assertThat(byPurl)
                .containsKeys(
                        "pkg:maven/org.junit.jupiter/junit-jupiter@5.11.4",
                        "pkg:maven/org.junit.jupiter/junit-jupiter-api@5.11.4",
                        "pkg:maven/org.junit.jupiter/junit-jupiter-engine@5.11.4",
                        "pkg:maven/org.junit.platform/junit-platform-commons@1.11.4",
                        "pkg:maven/org.opentest4j/opentest4j@1.3.0",
                        "pkg:maven/org.apiguardian/apiguardian-api@1.1.2");
        JsonNode api5 = byPurl.get("pkg:maven/org.junit.jupiter/junit-jupiter-api@5.11.4");
        assertThat(api5.at("/hashes/0/alg").asString()).isEqualTo("SHA-256");
        assertThat(api5.at("/hashes/0/content").asString()).hasSize(64);
        assertThat(api5.at("/licenses/0/license/name").asString()).isNotBlank();

        String py = api.get("/api/artifacts/" + jobs.get("python").get("id").asString() + "/sbom.cdx.json")
                .body();
        assertThat(py).contains("pkg:pypi/requests@2.31.0");
    }

    @Test
    void scanReportsTheAdvisoryInRangeWithItsSeverityAndNotTheOneOutside() {
        JsonNode maven = jobs.get("maven");
        assertThat(maven.at("/evidence/vulnerabilities/critical").asInt())
                .as(maven.get("evidence").toString())
                .isEqualTo(1);
        assertThat(maven.at("/evidence/vulnerabilities/high").asInt()).isZero();
        String report = api.get("/api/artifacts/" + maven.get("id").asString() + "/vulnerabilities.json")
                .body();
        assertThat(report).contains("FIXTURE-2026-0001").doesNotContain("FIXTURE-2026-0002");
        JsonNode py = jobs.get("python");
        assertThat(py.at("/evidence/vulnerabilities/medium").asInt()).isEqualTo(1);
    }

    @Test
    void attestationsVerifyWithTheServedKeyAndTheBundleHoldsEverythingWithDigests() throws Exception {
        String id = jobs.get("maven").get("id").asString();
        TestApi.Response key = api.get("/api/keys/attestation");
        assertThat(key.status()).isEqualTo(200);
        assertThat(key.body()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(ATTESTATION_PEM)
                .as("the served key is the one from the secret")
                .contains(key.body());
        Path dir = Files.createTempDirectory(ROOT, "verify");
        Path pem = Files.writeString(dir.resolve("key.pem"), key.body());
        Path sbom = Files.writeString(
                dir.resolve("sbom.cdx.json"),
                api.get("/api/artifacts/" + id + "/sbom.cdx.json").body());
        for (String name : List.of("provenance.intoto.json", "verification-summary.intoto.json")) {
            Path att = Files.writeString(
                    dir.resolve(name),
                    api.get("/api/artifacts/" + id + "/" + name).body());
            AttestationTest.Run run =
                    AttestationTest.cli(att.toString(), "--key", pem.toString(), "--subject", sbom.toString());
            assertThat(run.code()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("VERIFIED").contains("file sbom.cdx.json has the subject's sha256");
        }
        JsonNode env = TestApi.JSON.readTree(Files.readString(dir.resolve("provenance.intoto.json")));
        JsonNode st = TestApi.JSON.readTree(
                java.util.Base64.getDecoder().decode(env.get("payload").asString()));
        assertThat(st.get("predicateType").asString()).isEqualTo("https://slsa.dev/provenance/v1");
        assertThat(st.at("/subject/0/digest/gitCommit").asString())
                .isEqualTo(jobs.get("maven").get("result_commit").asString());
        assertThat(st.at("/predicate/buildDefinition/resolvedDependencies/0/digest/gitCommit")
                        .asString())
                .isEqualTo(jobs.get("maven").get("base_commit").asString());
        assertThat(st.at("/predicate/runDetails/metadata/invocationId").asString())
                .isEqualTo(id);
        assertThat(st.at("/predicate/runDetails/builder/id").asString()).isNotBlank();
        JsonNode summary = TestApi.JSON.readTree(java.util.Base64.getDecoder()
                .decode(TestApi.JSON
                        .readTree(Files.readString(dir.resolve("verification-summary.intoto.json")))
                        .get("payload")
                        .asString()));
        assertThat(summary.at("/predicate/verificationResult").asString()).isEqualTo("FAILED");
        assertThat(summary.at("/predicate/tests/failed").asInt()).isEqualTo(1);
        assertThat(summary.at("/predicate/vulnerabilities/critical").asInt()).isEqualTo(1);
        assertThat(jobs.get("maven").at("/evidence/attestation").asString()).startsWith("art_");

        byte[] zip = download("/api/artifacts/" + id + "/evidence-bundle.zip");
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) entries.put(e.getName(), in.readAllBytes());
        }
        assertThat(entries.keySet())
                .contains(
                        "manifest.json",
                        "plan.json",
                        "patch.diff",
                        "verify.log",
                        "verify-maven-test.log",
                        "test-report.json",
                        "sbom.cdx.json",
                        "vulnerabilities.json",
                        "provenance.intoto.json",
                        "verification-summary.intoto.json",
                        "attestation-key.pem",
                        "evidence.json");
        JsonNode manifest = TestApi.JSON.readTree(entries.get("manifest.json"));
        assertThat(manifest.get("files").size()).isGreaterThanOrEqualTo(10);
        for (JsonNode f : manifest.get("files")) {
            String sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(entries.get(f.get("name").asString())));
            assertThat(sha)
                    .as(f.get("name").asString())
                    .isEqualTo(f.get("sha256").asString());
        }
    }

    private byte[] download(String path) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Authorization", "Bearer " + api.token())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** Two fixture advisories: one for the junit-jupiter-api the fixture uses, one for a range it is outside of. */
    static Path osvDatabase() {
        Path db = ROOT.resolve("osv");
        try {
            Files.createDirectories(db.resolve("Maven"));
            Files.createDirectories(db.resolve("PyPI"));
            Files.writeString(db.resolve("Maven/FIXTURE-2026-0001.json"), """
                    {"id": "FIXTURE-2026-0001", "summary": "fixture advisory in range",
                     "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                     "affected": [{"package": {"ecosystem": "Maven", "name": "org.junit.jupiter:junit-jupiter-api"},
                                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "5.11.5"}]}]}]}
                    """);
            Files.writeString(db.resolve("Maven/FIXTURE-2026-0002.json"), """
                    {"id": "FIXTURE-2026-0002", "summary": "fixture advisory outside the range",
                     "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                     "affected": [{"package": {"ecosystem": "Maven", "name": "org.opentest4j:opentest4j"},
                                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "1.3.1"}, {"last_affected": "1.4.0"}]}]}]}
                    """);
            Files.writeString(db.resolve("PyPI/FIXTURE-2026-0003.json"), """
                    {"id": "FIXTURE-2026-0003", "database_specific": {"severity": "MODERATE"},
                     "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
                                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.3.0"}, {"fixed": "2.32.0"}]}]}]}
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return db;
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("architect-evidence").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
