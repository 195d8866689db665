package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.gate.MutableClock;
import ai.matrix.architect.gate.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Housekeeping through the API on a clock the test moves: finished jobs' workspaces go (the latest failed one
 * stays), artifacts expire by kind (evidence later than logs), events are pruned, and the report adds up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.class)
class HousekeepingH2Test {
    static final Path ROOT = ServerTestSupport.tempDir("architect-housekeeping");

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        r.add("architect.housekeeping.keep-failed-workspaces", () -> "1");
        r.add("architect.housekeeping.artifact-retention", () -> "30d");
        r.add("architect.housekeeping.evidence-retention", () -> "365d");
        r.add("architect.housekeeping.event-retention", () -> "14d");
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    private TestApi api() {
        return new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
    }

    private static List<String> workspaces() throws Exception {
        Path dir = ROOT.resolve("data").resolve("workspaces");
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static int status(TestApi api, String jobId, String artifact) {
        return api.get("/api/artifacts/" + jobId + "/" + artifact).status();
    }

    @Test
    void finishedJobsLoseWhatTheyNoLongerNeedAndEvidenceOutlivesLogs() throws Exception {
        TestApi api = api();
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        List<String> succeeded = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JsonNode ok = api.awaitSucceededOrFailed(
                    api.createJob(Fixtures.sampleJob(origin)).get("id").asString(), Duration.ofSeconds(120));
            assertThat(ok.get("status").asString()).as(ok.toString()).isEqualTo("succeeded");
            succeeded.add(ok.get("id").asString());
            JsonNode bad = api.awaitSucceededOrFailed(
                    api.createJob(Fixtures.failingJob(origin)).get("id").asString(), Duration.ofSeconds(120));
            assertThat(bad.get("status").asString()).isEqualTo("failed");
            failed.add(bad.get("id").asString());
            clock.advance(Duration.ofMinutes(1)); // the second failed job is the latest
        }
        assertThat(workspaces()).containsAll(succeeded).containsAll(failed);
        String job = succeeded.getFirst();
        String log = null;
        for (JsonNode a : api.get("/api/artifacts/" + job).json().get("items")) {
            if (a.get("kind").asString().equals("log")) log = a.get("name").asString();
        }
        assertThat(log).as("a check's log among the job's artifacts").isNotNull();
        assertThat(status(api, job, "patch.diff")).isEqualTo(200);

        // nothing has expired yet: only workspaces of finished jobs go, the latest failed one stays
        JsonNode now = api.post("/api/housekeeping", "").json();
        assertThat(now.get("workspaces_removed").asInt()).isEqualTo(3);
        assertThat(now.get("workspaces_kept").asInt()).isEqualTo(1);
        assertThat(now.get("workspace_bytes").asLong()).isPositive();
        assertThat(now.get("artifacts_removed").asInt()).isZero();
        assertThat(now.get("freed_bytes").asLong())
                .isEqualTo(now.get("workspace_bytes").asLong());
        assertThat(workspaces()).containsExactly(failed.getLast());

        // a month later the logs and reports are gone, the diff and the evidence are not
        clock.advance(Duration.ofDays(31));
        api = api(); // tokens expired with the month
        JsonNode month = api.post("/api/housekeeping", "").json();
        assertThat(month.get("artifacts_removed").asInt()).isPositive();
        assertThat(month.get("artifact_bytes").asLong()).isPositive();
        assertThat(month.get("events_removed").asInt()).isPositive();
        assertThat(month.get("free_disk_bytes").asLong()).isPositive();
        assertThat(status(api, job, log)).isEqualTo(404);
        assertThat(status(api, job, "patch.diff")).isEqualTo(200);
        assertThat(status(api, job, "evidence-bundle.zip")).isEqualTo(200);
        assertThat(api.get("/api/jobs/" + job).status()).isEqualTo(200);

        // a year later the evidence has gone too; the job's record stays
        clock.advance(Duration.ofDays(366));
        api = api();
        JsonNode year = api.post("/api/housekeeping", "").json();
        assertThat(year.get("artifacts_removed").asInt()).isPositive();
        assertThat(status(api, job, "patch.diff")).isEqualTo(404);
        assertThat(api.get("/api/jobs/" + job).json().get("status").asString()).isEqualTo("succeeded");
        assertThat(Files.exists(ROOT.resolve("data").resolve("artifacts").resolve(job)))
                .as("the job's artifact directory goes with its last artifact")
                .isFalse();
    }
}
