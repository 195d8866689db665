package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL goes away for 5 s (through a proxy the test cuts) while a client polls the API and three jobs are in
 * VERIFY: the client sees only 200 and 503 (with Retry-After and a problem detail), and every job finishes. The
 * VERIFY commands wait for a file the test writes once the database is gone, so that they finish during the
 * outage and their checkpoints have to wait for it: each VERIFY still ran once.
 */
// a database of its own that no other test class reuses: close the context (and its pool) when done, so that
// PostgreSQL's connection limit is not spent on idle pools of finished classes
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseOutagePostgresTest {
    static final Path ROOT = ServerTestSupport.tempDir("architect-outage");
    static final String URL = TestDatabases.createPostgres();
    static final CuttableProxy PROXY = proxy();

    static CuttableProxy proxy() {
        try {
            return new CuttableProxy(TestDatabases.HOST, 5432);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        r.add("spring.datasource.url", () -> URL.replace(":5432/", ":" + PROXY.port() + "/"));
        r.add("spring.datasource.username", () -> TestDatabases.USER);
        r.add("spring.datasource.password", () -> "");
        // an API call waits at most this long for a connection before it answers 503
        r.add("spring.datasource.hikari.connection-timeout", () -> "1000");
        // heartbeats stay at their defaults (10 s x 5): a worker is not taken for dead during a 5 s outage
    }

    @AfterAll
    static void closeProxy() throws IOException {
        PROXY.close();
    }

    @LocalServerPort
    int port;

    record Answer(int status, String retryAfter, String contentType) {}

    static final String GO = ".outage-go";
    static final String WAIT_FOR_OUTAGE = "for i in $(seq 1200); do [ -e " + GO + " ] && break; sleep 0.1; done";

    @Test
    void aFiveSecondOutageGivesOnly200And503AndJobsInFlightFinish() throws Exception {
        TestApi api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.createJob(Fixtures.sampleJob(origin, WAIT_FOR_OUTAGE + " && python3 run_tests.py", "normal"))
                    .get("id")
                    .asString());
        }
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ids.stream()
                        .allMatch(id -> api.job(id)
                                .get("stages")
                                .get(2)
                                .get("status")
                                .asString()
                                .equals("running")));

        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = Thread.ofVirtual().start(() -> poll(api.token(), ids.get(0), answers, polling));

        PROXY.cut();
        Instant cutAt = Instant.now();
        for (String id : ids) java.nio.file.Files.writeString(ROOT.resolve("data/workspaces/" + id + "/src/" + GO), "");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Duration.between(cutAt, Instant.now()).toMillis() >= 5000);
        PROXY.restore();
        int seenAtRestore = answers.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() > seenAtRestore + 20);
        polling.set(false);
        poller.join();

        Map<Integer, Long> counts = new ConcurrentHashMap<>();
        answers.forEach(a -> counts.merge(a.status(), 1L, Long::sum));
        System.out.println("outage: answers by status " + counts);
        assertThat(counts.keySet()).as("statuses seen").isSubsetOf(200, 503).contains(200, 503);
        answers.stream().filter(a -> a.status() == 503).forEach(a -> {
            assertThat(a.retryAfter()).isNotNull();
            assertThat(a.contentType()).startsWith("application/problem+json");
        });

        for (String id : ids) {
            JsonNode job = api.awaitSucceededOrFailed(id, Duration.ofSeconds(180));
            System.out.println("outage: " + id + " " + job.get("status").asString() + ", VERIFY attempts "
                    + job.get("stages").get(2).get("attempts").asInt());
            assertThat(job.get("status").asString())
                    .as("error: %s", job.get("error"))
                    .isEqualTo("succeeded");
            assertThat(job.get("stages").get(2).get("attempts").asInt())
                    .as("VERIFY attempts")
                    .isEqualTo(1);
        }
    }

    private void poll(String token, String id, ConcurrentLinkedQueue<Answer> answers, AtomicBoolean polling) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> paths = List.of("/api/jobs/" + id, "/api/jobs?limit=5", "/api/stats");
        for (int i = 0; polling.get(); i++) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + paths.get(i % 3)))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .build();
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                answers.add(new Answer(
                        r.statusCode(),
                        r.headers().firstValue("Retry-After").orElse(null),
                        r.headers().firstValue("Content-Type").orElse("")));
            } catch (IOException e) {
                answers.add(new Answer(-1, null, e.toString()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
