package ai.matrix.architect.evidence.osv;

import static ai.matrix.architect.evidence.osv.OsvFixtures.npm;
import static ai.matrix.architect.evidence.osv.OsvFixtures.pypi;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.matrix.architect.ecosystem.Package;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

class OsvApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final List<Package> packages =
            List.of(npm("minimist", "0.0.8"), npm("left-pad", "1.3.0"), pypi("requests", "2.31.0"));

    private static FakeOsvApi api(int pageSize) throws IOException {
        return new FakeOsvApi(pageSize)
                .advisory(OsvFixtures.MINIMIST_MEDIUM, "npm", "minimist", "0.0.8")
                .advisory(OsvFixtures.MINIMIST_CRITICAL, "npm", "minimist", "0.0.8")
                // OSV's answer for requests 2.31.0 names an advisory whose range ends there: the matcher drops it
                .advisory(OsvFixtures.REQUESTS_FIXED_IN_2_31, "PyPI", "requests", "2.31.0");
    }

    @Test
    void asksInOsvsWireFormatFollowsPagesAndFindsWhatTheOfflineDatabaseFinds() throws Exception {
        try (FakeOsvApi fake = api(1)) {
            OsvApi.Answer answer = new OsvApi(fake.url() + "/", Duration.ofSeconds(5)).query(packages);

            assertThat(fake.batches).hasSize(2);
            assertThat(fake.batches.get(0)).isEqualTo(JSON.readTree("""
                            {"queries": [
                              {"package": {"name": "minimist", "ecosystem": "npm"}, "version": "0.0.8"},
                              {"package": {"name": "left-pad", "ecosystem": "npm"}, "version": "1.3.0"},
                              {"package": {"name": "requests", "ecosystem": "PyPI"}, "version": "2.31.0"}]}
                            """));
            // only the query that had a further page is asked again, with its token
            assertThat(fake.batches.get(1)).isEqualTo(JSON.readTree("""
                            {"queries": [{"package": {"name": "minimist", "ecosystem": "npm"}, "version": "0.0.8",
                                          "page_token": "1"}]}
                            """));
            assertThat(fake.gets).containsExactly("GHSA-vh95-rmgr-6w4m", "GHSA-xvch-5gv4-984h", "GHSA-j8r2-6x86-q33q");
            assertThat(answer.listed()).isEqualTo(3);
            assertThat(answer.requests()).isEqualTo(5);

            ArrayNode fromApi = OsvScanner.findings(packages, answer::advisories);
            assertThat(fromApi.findValuesAsString("id")).containsExactly("GHSA-vh95-rmgr-6w4m", "GHSA-xvch-5gv4-984h");
            assertThat(fromApi.get(1).get("severity").asString()).isEqualTo("critical");
            assertThat(fromApi.get(1).get("cvss_score").asDouble()).isEqualTo(9.8);

            Files.writeString(dir.resolve("a.json"), OsvFixtures.MINIMIST_MEDIUM);
            Files.writeString(dir.resolve("b.json"), OsvFixtures.MINIMIST_CRITICAL);
            Files.writeString(dir.resolve("c.json"), OsvFixtures.REQUESTS_FIXED_IN_2_31);
            assertThat(fromApi)
                    .isEqualTo(OsvScanner.scan(packages, OsvDatabase.load(dir)).get("findings"));
        }
    }

    @Test
    void asksForAFullRecordAgainOnlyWhenItsModificationTimeChanged() throws Exception {
        try (FakeOsvApi fake = api(10)) {
            OsvApi client = new OsvApi(fake.url(), Duration.ofSeconds(5));
            client.query(packages);
            fake.gets.clear();
            client.query(packages);
            assertThat(fake.gets).isEmpty();

            fake.update(OsvFixtures.MINIMIST_CRITICAL.replace("2024-03-14T05:39:56Z", "2025-01-01T00:00:00Z"));
            client.query(packages);
            assertThat(fake.gets).containsExactly("GHSA-xvch-5gv4-984h");
        }
    }

    @Test
    void sendsAtMostAThousandQueriesABatch() throws Exception {
        List<Package> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) many.add(npm("pkg-" + i, "1.0.0"));
        try (FakeOsvApi fake = api(10)) {
            OsvApi.Answer answer = new OsvApi(fake.url(), Duration.ofSeconds(5)).query(many);
            assertThat(fake.batches).extracting(b -> b.get("queries").size()).containsExactly(1000, 1);
            assertThat(fake.batches.get(1).at("/queries/0/package/name").asString())
                    .isEqualTo("pkg-1000");
            assertThat(answer.listed()).isZero();
        }
    }

    @Test
    void anErrorStatusAnEmptyAnswerOrNoAnswerInTimeFailTheQuery() throws Exception {
        try (FakeOsvApi fake = api(10)) {
            fake.failWith(503);
            assertThatThrownBy(() -> new OsvApi(fake.url(), Duration.ofSeconds(5)).query(packages))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("POST /v1/querybatch with HTTP 503")
                    .hasMessageContaining("service unavailable");
        }
        try (FakeOsvApi fake = api(10)) {
            CountDownLatch latch = new CountDownLatch(1);
            fake.hold(latch);
            assertThatThrownBy(() -> new OsvApi(fake.url(), Duration.ofMillis(300)).query(packages))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("did not answer POST /v1/querybatch");
            latch.countDown();
        }
        try (FakeOsvApi fake = api(10)) {
            // a record OSV lists but then cannot serve
            fake.forget("GHSA-xvch-5gv4-984h");
            assertThatThrownBy(() -> new OsvApi(fake.url(), Duration.ofSeconds(5)).query(packages))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("GET /v1/vulns/GHSA-xvch-5gv4-984h with HTTP 404")
                    .hasMessageContaining("Bug not found.");
        }
    }
}
