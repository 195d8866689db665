package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Below the free-disk floor a new job is refused with 503, Retry-After and a sentence; reading still works. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DiskFloorH2Test {
    static final Path ROOT = ServerTestSupport.tempDir("architect-disk-floor");

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        r.add("architect.housekeeping.min-free-disk", () -> "1000000TB"); // no disk here has that much free
    }

    @LocalServerPort
    int port;

    @Test
    void aNewJobIsRefusedWhileTheDiskIsBelowItsFloor() throws Exception {
        TestApi api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        Path origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/jobs"))
                                .header("Authorization", "Bearer " + api.token())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        TestApi.JSON.writeValueAsString(Fixtures.sampleJob(origin))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("300");
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.body()).contains("below the floor of", "ARCHITECT_HOUSEKEEPING_MIN_FREE_DISK");
        assertThat(api.get("/api/jobs").status()).isEqualTo(200);
        assertThat(api.get("/api/jobs").json().get("items")).isEmpty();
    }
}
