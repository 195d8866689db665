package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.cli.SampleRepository;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web UI in Debian's Chromium, driven by ui/e2e/run.mjs (playwright-core, no browser download) against this
 * real server serving the built UI: log in, build a plan, watch it succeed live, open the VERIFY log and an
 * artifact, approve a job at GATE as a second person, see a failed job's failing test. Screenshots of every
 * page land in target/ui-screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebUiBrowserTest {
    static final Path ROOT = ServerTestSupport.tempDir("architect-ui");

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        // a command target whose rollback puts the release it is told back (the Deployments page's rollback)
        r.add("architect.deploy-targets.staging.environment", () -> "staging");
        r.add("architect.deploy-targets.staging.command", () -> "echo deployed $MATRIX_RELEASE_ID");
        r.add("architect.deploy-targets.staging.rollback-command", () -> "echo back to $ROLLBACK_TO_RELEASE_ID");
    }

    @LocalServerPort
    int port;

    @Test
    void missionControlDrivesTheProductInARealBrowser() throws Exception {
        Path ui = Path.of("ui").toAbsolutePath();
        assertThat(ui.resolve("dist/index.html"))
                .as("the Maven build builds the UI first")
                .exists();
        String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/lib/chromium/chromium");
        assertThat(Path.of(chromium))
                .as("Debian's chromium (bin/test installs it)")
                .exists();

        TestApi api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        assertThat(api.post(
                                "/api/users",
                                Map.of("username", "approver", "password", "approver-pass-1", "role", "admin"))
                        .status())
                .isIn(201, 409);
        assertThat(new TestApi("http://localhost:" + port).get("/").body()).contains("<div id=\"root\"");
        Path repo = SampleRepository.create(ROOT.resolve("repos/sample"));
        // two jobs deploy to the staging target: the Deployments page shows the second as current, the first in
        // its history, and rolls back to the first
        String[] releases = new String[2];
        for (int i = 0; i < 2; i++) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(
                    SampleRepository.jobRequest(SampleRepository.create(ROOT.resolve("repos/deploy-" + i))));
            body.put("goal", "Ship release " + (i + 1) + " to staging");
            body.put("deploy", Map.of("target", "staging"));
            String id = api.createJob(body).path("id").asString();
            assertThat(api.awaitSucceededOrFailed(id, java.time.Duration.ofMinutes(3))
                            .path("status")
                            .asString())
                    .isEqualTo("succeeded");
            releases[i] = "rel_" + id.substring("job_".length());
        }

        Path log = Path.of("target/ui-e2e.log").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("node", "e2e/run.mjs")
                .directory(ui.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("ARCHITECT_URL", "http://localhost:" + port);
        env.put("ARCHITECT_ADMIN_PASSWORD", ServerTestSupport.ADMIN_PASSWORD);
        env.put("CHROMIUM_PATH", chromium);
        env.put("E2E_REPO_PATH", repo.toString());
        env.put("E2E_VERIFY_CMD", SampleRepository.VERIFY_COMMAND);
        // the broken test appears only with the job's change (the file the plan builder creates), so that VERIFY's
        // baseline finds the base commit green and calls the failure new
        env.put(
                "E2E_FAILING_VERIFY_CMD",
                "if ls ui-e2e/fail-*.txt >/dev/null 2>&1; then printf 'import unittest\\n\\n\\n"
                        + "class BrokenTest(unittest.TestCase):\\n"
                        + "    def test_add_is_wrong(self):\\n        self.assertEqual(2 + 2, 5)\\n'"
                        + " > tests/test_broken.py; fi; python3 run_tests.py");
        env.put("E2E_FAILING_TEST_NAME", "test_add_is_wrong");
        env.put("E2E_RELEASES", releases[0] + "," + releases[1]);
        env.put("E2E_APPROVER_USER", "approver");
        env.put("E2E_APPROVER_PASSWORD", "approver-pass-1");
        env.put(
                "E2E_SCREENSHOTS",
                Path.of("target/ui-screenshots").toAbsolutePath().toString());
        Process p = pb.start();
        boolean finished = p.waitFor(8, TimeUnit.MINUTES);
        if (!finished) p.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as(output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains(" passed, 0 failed");
        // the rollback from the page is in the audit log, by the admin, to the first release
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> api.get("/api/audit?target=staging").body(), b -> b.contains("release.rollback"));
        assertThat(api.get("/api/audit?target=staging").body())
                .contains("\"actor\":\"admin\"")
                .contains("\"to_release\":\"" + releases[0] + "\"");
        File[] shots = Path.of("target/ui-screenshots").toFile().listFiles((d, n) -> n.endsWith(".png"));
        assertThat(shots).isNotNull().hasSizeGreaterThan(5);
    }
}
