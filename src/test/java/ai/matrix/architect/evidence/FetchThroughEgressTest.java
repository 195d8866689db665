package ai.matrix.architect.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.e2e.TestApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
 * then pass in {@code maven-test} with no network at all.
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
        String id = api.createJob(FixtureRepos.verifyOnly(bare)).get("id").asString();
        JsonNode job = FixtureRepos.awaitEnd(api, id, Duration.ofMinutes(5));
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
    }
}
