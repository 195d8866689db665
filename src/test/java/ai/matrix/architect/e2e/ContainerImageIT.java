package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * deploy/Dockerfile's image, run as its users run it: {@code serve} in a container with a read-only root file
 * system and a tmpfs /tmp, its data on a mounted directory, as the image's non-root user. It answers its health
 * endpoints, its HEALTHCHECK passes, and a job runs end to end (clone, patch, verify, publish with the image's git).
 * The container shares the host's network (the engine here has no bridge) and runs commands unsandboxed (no
 * Docker socket or bubblewrap inside it).
 */
class ContainerImageIT {
    static final Path ROOT = DeployImages.sharedDir("image");
    static final int PORT = DeployImages.freePort();
    static String container;

    @BeforeAll
    static void start() throws Exception {
        String image = DeployImages.app();
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        assertThat(origin).exists();
        DeployImages.ownByImageUser(ROOT);
        container = DeployImages.runDetached(
                List.of(
                        "--network",
                        "host",
                        "--read-only",
                        "--tmpfs",
                        "/tmp",
                        "-v",
                        ROOT + ":" + ROOT,
                        // the image's HEALTHCHECK command, checked often enough for a test
                        "--health-interval",
                        "1s",
                        "--health-start-period",
                        "120s",
                        "-e",
                        "SERVER_PORT=" + PORT,
                        "-e",
                        "ARCHITECT_DATA_DIR=" + ROOT.resolve("data"),
                        "-e",
                        "ARCHITECT_REPO_ROOTS=" + ROOT.resolve("repos"),
                        "-e",
                        "ARCHITECT_ADMIN_PASSWORD=" + ServerTestSupport.ADMIN_PASSWORD,
                        "-e",
                        "ARCHITECT_SANDBOX=none"),
                image,
                "serve");
    }

    @AfterAll
    static void stop() {
        if (container != null) DeployImages.exitCode("docker", "rm", "-f", container);
    }

    private static String inspect(String format) {
        return DeployImages.run(Map.of(), "docker", "inspect", "--format", format, container)
                .strip();
    }

    @Test
    void serveRunsAsNonRootOnAReadOnlyRootAndRunsAJob() {
        TestApi anon = new TestApi("http://127.0.0.1:" + PORT);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(inspect("{{.State.Running}}"))
                            .as("container exited: %s", DeployImages.run(Map.of(), "docker", "logs", container))
                            .isEqualTo("true");
                    try {
                        return anon.get("/actuator/health").status() == 200;
                    } catch (IllegalStateException notYet) {
                        return false;
                    }
                });
        assertThat(anon.get("/actuator/health/liveness").body()).contains("\"UP\"");
        assertThat(anon.get("/actuator/health/readiness").body()).contains("\"UP\"");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> inspect("{{.State.Health.Status}}").equals("healthy"));

        assertThat(inspect("{{.Config.User}}")).isEqualTo("10001:10001");
        assertThat(inspect("{{.HostConfig.ReadonlyRootfs}}")).isEqualTo("true");
        assertThat(DeployImages.run(Map.of(), "docker", "exec", container, "id", "-u")
                        .strip())
                .isEqualTo("10001");
        assertThat(DeployImages.exitCode("docker", "exec", container, "touch", "/app/written"))
                .as("the root file system refuses writes")
                .isNotZero();
        assertThat(DeployImages.run(Map.of(), "docker", "exec", container, "ls", "/app"))
                .as("the jar's layers, not the fat jar")
                .contains("lib", "matrix-architect.jar");

        TestApi api = anon.login("admin", ServerTestSupport.ADMIN_PASSWORD);
        Path origin = ROOT.resolve("repos")
                .toFile()
                .listFiles((d, n) -> n.startsWith("origin-"))[0]
                .toPath();
        String id = api.createJob(Fixtures.sampleJob(origin, DeployImages.TAP_VERIFY, "normal"))
                .get("id")
                .asString();
        JsonNode job = api.awaitSucceededOrFailed(id, Duration.ofSeconds(180));
        assertThat(job.get("status").asString())
                .as("error: %s", job.get("error"))
                .isEqualTo("succeeded");
        for (JsonNode s : job.get("stages")) {
            assertThat(s.get("status").asString()).isIn("succeeded", "skipped");
        }
        String branch = job.get("branch").asString();
        assertThat(DeployImages.exitCode("git", "--git-dir=" + origin, "rev-parse", "--verify", "refs/heads/" + branch))
                .as("PUBLISH pushed %s to the origin", branch)
                .isZero();
    }
}
