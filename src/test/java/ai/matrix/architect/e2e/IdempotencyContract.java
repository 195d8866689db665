package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code Idempotency-Key} on {@code POST /api/jobs} through HTTP; run on H2 and on PostgreSQL. */
abstract class IdempotencyContract {
    @LocalServerPort
    int port;

    TestApi api;
    Path origin;

    abstract Path root();

    @BeforeEach
    void setUp() throws Exception {
        api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        origin = Fixtures.bareSampleRepo(root().resolve("repos"));
    }

    /** A job that stays in 'created': these tests are about submissions, not about running them. */
    private Map<String, Object> body(String goal) {
        Map<String, Object> body = new LinkedHashMap<>(Fixtures.sampleJob(origin));
        body.put("auto_execute", false);
        body.put("goal", goal);
        return body;
    }

    private int jobsWithGoal(String goal) {
        int n = 0;
        for (var j : api.get("/api/jobs?limit=200").json().get("items")) {
            if (j.get("goal").asString().equals(goal)) n++;
        }
        return n;
    }

    @Test
    void theSameKeyAndBodyReturnTheFirstJobAndAnotherKeyMakesANewOne() {
        String key = UUID.randomUUID().toString();
        String goal = "idempotent " + key;
        TestApi.Response first = api.post("/api/jobs", body(goal), "Idempotency-Key", key);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        TestApi.Response again = api.post("/api/jobs", body(goal), "Idempotency-Key", key);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());

        // the same body with another key is another submission
        TestApi.Response other = api.post(
                "/api/jobs", body(goal), "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(other.status()).isEqualTo(201);
        assertThat(other.json().get("id").asString())
                .isNotEqualTo(first.json().get("id").asString());
        assertThat(jobsWithGoal(goal)).isEqualTo(2);
    }

    @Test
    void theSameKeyWithADifferentBodyIsRefused() {
        String key = UUID.randomUUID().toString();
        String goal = "mismatch " + key;
        assertThat(api.post("/api/jobs", body(goal), "Idempotency-Key", key).status())
                .isEqualTo(201);
        TestApi.Response changed = api.post("/api/jobs", body(goal + " changed"), "Idempotency-Key", key);
        assertThat(changed.status()).as(changed.body()).isEqualTo(422);
        assertThat(changed.contentType()).startsWith("application/problem+json");
        assertThat(changed.json().get("detail").asString())
                .contains("Idempotency-Key")
                .contains("different request body");
        assertThat(jobsWithGoal(goal)).isEqualTo(1);
        assertThat(jobsWithGoal(goal + " changed")).isZero();
    }

    @Test
    void concurrentRequestsWithOneKeyMakeOneJob() throws Exception {
        String key = UUID.randomUUID().toString();
        String goal = "concurrent " + key;
        int n = 6;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<TestApi.Response>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                start.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return api.post("/api/jobs", body(goal), "Idempotency-Key", key);
                        },
                        pool));
            }
            start.countDown();
            List<TestApi.Response> answers =
                    calls.stream().map(CompletableFuture::join).toList();
            assertThat(answers)
                    .allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(200, 201));
            assertThat(answers.stream().filter(r -> r.status() == 201)).hasSize(1);
            assertThat(answers.stream().map(r -> r.json().get("id").asString()).distinct())
                    .hasSize(1);
        }
        assertThat(jobsWithGoal(goal)).isEqualTo(1);
    }

    @Test
    void aKeyThatIsNotVisibleTextIsRefused() {
        TestApi.Response r = api.post("/api/jobs", body("bad key"), "Idempotency-Key", "x".repeat(300));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
    }
}
