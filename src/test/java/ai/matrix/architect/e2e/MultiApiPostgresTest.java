package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The multi-process shape: two api processes (this test's, A, and a process of its own, B) and one worker on one
 * PostgreSQL database, sharing the JWT secret. A browser-style SSE client on B sees every event of a job
 * submitted through A, in the order the database recorded them; and the login limit counts attempts on both
 * processes together.
 */
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MultiApiPostgresTest {
    static final Path ROOT = ServerTestSupport.tempDir("architect-multi-api");
    static final String URL = TestDatabases.createPostgres();
    static final String JWT = "multi-api-test-jwt-secret-of-32-bytes-or-more";
    static final int LOGIN_LIMIT = 4;
    static final int PORT_B = DeployImages.freePort();
    static final List<Process> processes = new ArrayList<>();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.apiOnPostgres(r, ROOT, URL);
        r.add("architect.jwt.secret", () -> JWT);
        r.add("architect.security.login-per-user", () -> Integer.toString(LOGIN_LIMIT));
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void startProcesses() throws Exception {
        // started side by side: each JVM's start-up is most of this test's time
        CompletableFuture<Process> worker = CompletableFuture.supplyAsync(() -> {
            try {
                return WorkerProcesses.start(ROOT, URL, "mw1", Map.of("ARCHITECT_SANDBOX", "none"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            processes.add(WorkerProcesses.start(
                    ROOT,
                    URL,
                    "api-b",
                    "api",
                    Map.of(
                            "SERVER_PORT", Integer.toString(PORT_B),
                            "JWT_SECRET", JWT,
                            "ARCHITECT_SECURITY_LOGIN_PER_USER", Integer.toString(LOGIN_LIMIT))));
        } finally {
            processes.add(worker.join());
        }
    }

    @AfterAll
    static void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void anSseClientOnOneApiSeesEveryEventOfAJobSubmittedThroughTheOtherInOrder() {
        TestApi a = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        List<String> lines = new CopyOnWriteArrayList<>();
        // as a browser's EventSource: GET with Accept: text/event-stream, the token in the query
        HttpRequest req = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + PORT_B + "/api/events?access_token=" + a.token()))
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache")
                .build();
        CompletableFuture<Void> stream = HttpClient.newHttpClient()
                .sendAsync(req, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> {
                    assertThat(r.statusCode()).isEqualTo(200);
                    r.body().forEach(lines::add);
                });
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.contains("hello")));
            Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
            String id = a.createJob(Fixtures.sampleJob(origin, DeployImages.TAP_VERIFY, "normal"))
                    .get("id")
                    .asString();
            JsonNode job = a.awaitSucceededOrFailed(id, Duration.ofSeconds(180));
            assertThat(job.get("status").asString()).isEqualTo("succeeded");
            List<Long> recorded = jdbc.sql("select id from job_events where job_id = ? order by id")
                    .param(id)
                    .query(Long.class)
                    .list();
            assertThat(recorded).hasSizeGreaterThan(6);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(eventIds(lines, id)).containsExactlyElementsOf(recorded));
            assertThat(lines).anyMatch(l -> l.contains(id) && l.contains("\"status\":\"succeeded\""));
            attestationVerifiesWithTheKeyServedByTheOtherApi(a, id);
            pushedCommitVerifiesWithTheKeysServedByTheOtherApi(origin, job);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            stream.cancel(true);
        }
    }

    /**
     * The worker generated its own attestation key; api B, which never signed anything of the job, serves that key
     * by the envelope's key id, and the attestation verifies with it.
     */
    private void attestationVerifiesWithTheKeyServedByTheOtherApi(TestApi a, String id) throws Exception {
        System.out.println("attestation keys: "
                + jdbc.sql("select key_id from attestation_keys")
                        .query(String.class)
                        .list());
        TestApi b = new TestApi("http://localhost:" + PORT_B).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        String envelope =
                a.get("/api/artifacts/" + id + "/provenance.intoto.json").body();
        String keyId = TestApi.JSON.readTree(envelope).at("/signatures/0/keyid").asString();
        TestApi.Response own = b.get("/api/keys/attestation");
        assertThat(own.body()).startsWith("-----BEGIN PUBLIC KEY-----");
        TestApi.Response served = b.get("/api/keys/attestation?key_id=" + keyId);
        assertThat(served.status()).as("key %s: %s", keyId, served.body()).isEqualTo(200);
        assertThat(served.body()).as("the worker's key, not api B's own").isNotEqualTo(own.body());
        var verified = ai.matrix.architect.evidence.AttestationVerifier.verify(
                envelope, ai.matrix.architect.evidence.AttestationKeys.parsePublicPem(served.body()), Map.of());
        assertThat(verified.ok()).as(verified.problems().toString()).isTrue();
        assertThat(b.get("/api/keys/attestation?key_id=" + "0".repeat(64)).status())
                .isEqualTo(404);
        assertThat(b.get("/api/keys/attestation?key_id=nope").status()).isEqualTo(400);
    }

    /**
     * The worker signed the job's commit with a key generated in its own data directory; api B serves every
     * process's key, and the pushed commit verifies with B's allowed-signers list.
     */
    private void pushedCommitVerifiesWithTheKeysServedByTheOtherApi(Path origin, JsonNode job) throws Exception {
        TestApi b = new TestApi("http://localhost:" + PORT_B).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        TestApi.Response keys = b.get("/api/keys/commit-signing?format=allowed-signers");
        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.body().lines().toList())
                .as("api A, api B and the worker each publish the key generated in their data directory")
                .hasSize(3)
                .allMatch(l -> l.startsWith("architect@matrix-architect.local namespaces=\"git\" ssh-ed25519 "));
        String commit = job.get("result_commit").asString();
        assertThat(commit).hasSize(40);
        Path allowed = ROOT.resolve("allowed_signers");
        Files.writeString(allowed, keys.body());
        assertThat(ai.matrix.architect.workspace.CommitSigningTest.verify(origin, allowed, commit))
                .as("the pushed commit verifies with the served keys")
                .isZero();
    }

    /** The ids of the stream's events whose data names the job, in the order they arrived. */
    static List<Long> eventIds(List<String> lines, String jobId) {
        List<Long> ids = new ArrayList<>();
        Long current = null;
        for (String line : lines) {
            if (line.startsWith("id:"))
                current = Long.parseLong(line.substring(3).strip());
            else if (line.startsWith("data:") && line.contains(jobId) && current != null) ids.add(current);
            else if (line.isEmpty()) current = null;
        }
        return ids;
    }

    @Test
    void theLoginLimitHoldsAcrossBothApiProcesses() {
        TestApi a = new TestApi("http://localhost:" + port);
        TestApi b = new TestApi("http://localhost:" + PORT_B);
        Map<String, String> wrong = Map.of("username", "shared-limit-user", "password", "wrong");
        // four attempts, two on each process: each alone stays under its limit of four
        for (int i = 0; i < LOGIN_LIMIT; i++) {
            assertThat((i % 2 == 0 ? a : b).post("/api/auth/token", wrong).status())
                    .isEqualTo(401);
        }
        TestApi.Response refusedOnA = a.post("/api/auth/token", wrong);
        TestApi.Response refusedOnB = b.post("/api/auth/token", wrong);
        assertThat(refusedOnA.status()).isEqualTo(429);
        assertThat(refusedOnB.status()).isEqualTo(429);
        assertThat(refusedOnB.body()).contains("Too many sign-in attempts");
    }
}
