package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.cli.SampleRepository;
import ai.matrix.architect.publish.GitHttpServer;
import ai.matrix.architect.publish.forge.FakeForge;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * PUBLISH through a code host, end to end over the API: the branch reaches a real git server (git http-backend
 * over HTTPS, basic auth) with the token from the secrets provider, the GitHub fake gets one pull request whose body
 * holds the test counts and the gate's decision, a second job on the same branch updates it, the VERIFY and GATE
 * statuses are posted on the result commit, a refused token fails PUBLISH with a sentence, and the token (the
 * canary) is found in no log, artifact, database row or API response.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublishPullRequestH2Test {
    static final Path ROOT = ServerTestSupport.tempDir("architect-publish-pr");
    static final String TOKEN = "CANARY-TOKEN-" + UUID.randomUUID().toString().replace("-", "");
    static final GitHttpServer GIT;
    static final FakeForge GITHUB;
    static final FakeForge LOCKED;
    static final ai.matrix.architect.publish.oci.TestRegistry REGISTRY;
    static final String HUB_TOKEN = "HUB-CANARY-" + UUID.randomUUID().toString().replace("-", "");
    static final ai.matrix.architect.publish.hub.FakeHub HUB;
    static final ai.matrix.architect.publish.oci.OciRegistry.Descriptor IMAGE;

    static {
        try {
            GIT = new GitHttpServer(ROOT, "x-access-token", TOKEN);
            GITHUB = new FakeForge(FakeForge.Kind.GITHUB, TOKEN);
            LOCKED = new FakeForge(FakeForge.Kind.GITEA, "another-token");
            REGISTRY = new ai.matrix.architect.publish.oci.TestRegistry();
            HUB = new ai.matrix.architect.publish.hub.FakeHub(HUB_TOKEN);
            IMAGE = REGISTRY.image("acme/evidence", "app-1.0");
            Path work = ROOT.resolve("sample");
            SampleRepository.create(work);
            for (String path : List.of("gh/acme/app.git", "locked/acme/app.git")) {
                Files.createDirectories(GIT.root().resolve(path).getParent());
                Fixtures.run(
                        ROOT,
                        "git",
                        "clone",
                        "--quiet",
                        "--bare",
                        work.toString(),
                        GIT.root().resolve(path).toString());
            }
            Path secrets = Files.createDirectories(ROOT.resolve("data/secrets"));
            Files.writeString(secrets.resolve("gh-token"), TOKEN + "\n");
            Files.writeString(secrets.resolve("locked-token"), TOKEN + "\n");
            Files.writeString(secrets.resolve("hub-token"), HUB_TOKEN + "\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:publish-pr;DB_CLOSE_DELAY=-1");
        r.add("architect.sandbox", () -> "none");
        r.add("architect.commit-signing.enabled", () -> "true");
        r.add("architect.network.allow", () -> "127.0.0.1");
        r.add("architect.network.ca-file", () -> GIT.caFile().toString());
        r.add("architect.publish.ui-url", () -> "https://architect.example");
        r.add("architect.publish.forges.gh.type", () -> "github");
        r.add("architect.publish.forges.gh.url", () -> GIT.url() + "/gh");
        r.add("architect.publish.forges.gh.api-url", GITHUB::apiUrl);
        r.add("architect.publish.forges.gh.token", () -> "file:gh-token");
        r.add("architect.publish.forges.gh.labels", () -> "matrix-architect");
        r.add("architect.publish.forges.gh.reviewers", () -> "alice");
        r.add("architect.publish.oci.registry", REGISTRY::url);
        r.add("architect.publish.hub.url", HUB::url);
        r.add("architect.publish.hub.token", () -> "file:hub-token");
        r.add("architect.publish.oci.repository", () -> "acme/evidence");
        r.add("architect.publish.forges.locked.type", () -> "gitea");
        r.add("architect.publish.forges.locked.url", () -> GIT.url() + "/locked");
        r.add("architect.publish.forges.locked.api-url", LOCKED::apiUrl);
        r.add("architect.publish.forges.locked.token", () -> "file:locked-token");
    }

    @AfterAll
    static void stop() {
        GIT.close();
        GITHUB.close();
        LOCKED.close();
        REGISTRY.close();
        HUB.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    static Map<String, Object> job(String host) {
        Map<String, Object> body = new LinkedHashMap<>(SampleRepository.jobRequest(Path.of("/unused")));
        body.put("repo", Map.of("kind", "git", "url", GIT.url() + "/" + host + "/acme/app.git", "ref", "main"));
        body.put(
                "publish",
                Map.of(
                        "branch",
                        "architect/add-mul",
                        "pull_request",
                        true,
                        "labels",
                        List.of("from-the-job"),
                        "oci",
                        Map.of("subject", IMAGE.digest())));
        return body;
    }

    @Test
    void aJobOpensOnePullRequestWithItsEvidenceAndARunAgainUpdatesIt() throws Exception {
        TestApi api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        String first = api.createJob(job("gh")).get("id").asString();
        JsonNode done = api.awaitSucceededOrFailed(first, Duration.ofMinutes(3));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        String commit = done.get("result_commit").asString();

        // the branch is on the git server, pushed with the token over basic auth
        Path bare = GIT.root().resolve("gh/acme/app.git");
        assertThat(Fixtures.git(bare, "rev-parse", "architect/add-mul").strip()).isEqualTo(commit);
        assertThat(GIT.pushers()).contains("x-access-token");
        assertThat(GIT.requestLines()).noneMatch(l -> l.contains(TOKEN));

        // the pushed commit is signed: git verify-commit accepts it with the key the server serves (to anyone)
        var key = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                        "http://localhost:" + port + "/api/keys/commit-signing?format=allowed-signers"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(key.statusCode()).isEqualTo(200);
        assertThat(key.body()).startsWith("architect@matrix-architect.local namespaces=\"git\" ssh-ed25519 ");
        Path allowed = Files.writeString(ROOT.resolve("allowed_signers"), key.body());
        assertThat(ai.matrix.architect.workspace.CommitSigningTest.verify(bare, allowed, commit))
                .isZero();

        // one pull request, its body holding the proof
        assertThat(GITHUB.pulls()).hasSize(1);
        JsonNode created = GITHUB.bodies("POST", "/repos/acme/app/pulls").getFirst();
        assertThat(created.get("head").asString()).isEqualTo("architect/add-mul");
        assertThat(created.get("base").asString()).isEqualTo("main");
        assertThat(created.get("title").asString())
                .isEqualTo(SampleRepository.jobRequest(Path.of("/x")).get("goal"));
        assertThat(created.get("draft").asBoolean()).isFalse();
        String body = created.get("body").asString();
        JsonNode tests = done.get("evidence").get("tests");
        assertThat(tests.get("passed").asInt()).isPositive();
        assertThat(body)
                .contains("Tests: **" + tests.get("passed").asInt() + " passed**, 0 failed, 0 skipped")
                .contains("Decision: **allow**")
                .contains("Vulnerabilities by severity:")
                .contains("https://architect.example/jobs/" + first)
                .contains("evidence-bundle.zip")
                .contains("sha256:")
                .contains("calc.py");
        assertThat(GITHUB.bodies("PUT", "/repos/acme/app/issues/1/labels")
                        .getFirst()
                        .toString())
                .isEqualTo("{\"labels\":[\"matrix-architect\",\"from-the-job\"]}");
        assertThat(GITHUB.bodies("POST", "/repos/acme/app/pulls/1/requested_reviewers")
                        .getFirst()
                        .toString())
                .isEqualTo("{\"reviewers\":[\"alice\"]}");
        // VERIFY and GATE posted on the result commit
        List<JsonNode> statuses = GITHUB.bodies("POST", "/repos/acme/app/statuses/" + commit);
        assertThat(statuses)
                .extracting(s -> s.get("context").asString())
                .containsExactly("matrix-architect/verify", "matrix-architect/gate");
        assertThat(statuses)
                .allSatisfy(s -> assertThat(s.get("state").asString()).isEqualTo("success"));
        assertThat(statuses.getFirst().get("description").asString()).contains("passed");
        assertThat(publishSummary(done)).contains("opened https://forge.example/acme/app/pull/1");

        // the evidence is in the registry as an artifact of the image, found from the image's digest
        assertThat(publishSummary(done)).contains("evidence at 127.0.0.1:");
        var oci = new ai.matrix.architect.publish.oci.OciRegistry(REGISTRY.url(), "acme/evidence", "", "");
        var referrers = oci.referrers(IMAGE.digest());
        assertThat(referrers).hasSize(1);
        JsonNode artifact = ai.matrix.architect.publish.oci.OciRegistry.JSON.readTree(
                oci.manifestBytes(referrers.getFirst().digest(), ai.matrix.architect.publish.oci.OciRegistry.MANIFEST)
                        .orElseThrow());
        assertThat(artifact.get("artifactType").asString())
                .isEqualTo("application/vnd.matrix-architect.evidence.v1+json");
        assertThat(artifact.get("subject").get("digest").asString()).isEqualTo(IMAGE.digest());
        Map<String, String> stored = new LinkedHashMap<>();
        for (JsonNode a : api.get("/api/artifacts/" + first).json().get("items")) {
            if (List.of("evidence", "sbom", "attestation")
                    .contains(a.get("kind").asString())) {
                stored.put(a.get("name").asString(), "sha256:" + a.get("sha256").asString());
            }
        }
        Map<String, String> layers = new LinkedHashMap<>();
        for (JsonNode l : artifact.get("layers")) {
            layers.put(
                    l.get("annotations").get("org.opencontainers.image.title").asString(),
                    l.get("digest").asString());
        }
        assertThat(layers).isEqualTo(stored).containsKey("evidence-bundle.zip");
        assertThat(artifact.get("layers")
                        .valueStream()
                        .map(l -> l.get("mediaType").asString()))
                .contains("application/vnd.dsse.envelope.v1+json", "application/zip");

        // the same change again: the same request is updated, the branch replaced
        String second = api.createJob(job("gh")).get("id").asString();
        JsonNode again = api.awaitSucceededOrFailed(second, Duration.ofMinutes(3));
        assertThat(again.get("status").asString()).as(again.toString()).isEqualTo("succeeded");
        assertThat(GITHUB.pulls()).hasSize(1);
        assertThat(publishSummary(again)).contains("updated https://forge.example/acme/app/pull/1");
        assertThat(GITHUB.bodies("PATCH", "/repos/acme/app/pulls/1")
                        .getFirst()
                        .get("body")
                        .asString())
                .contains("https://architect.example/jobs/" + second);
        assertThat(Fixtures.git(bare, "rev-parse", "architect/add-mul").strip())
                .isEqualTo(again.get("result_commit").asString());

        // a token the host refuses: PUBLISH fails saying so, before anything is pushed
        String locked = api.createJob(job("locked")).get("id").asString();
        JsonNode refused = api.awaitSucceededOrFailed(locked, Duration.ofMinutes(3));
        assertThat(refused.get("status").asString()).isEqualTo("failed");
        assertThat(refused.get("error").asString()).contains("Gitea token was refused (401 Unauthorized)");
        assertThat(Fixtures.git(GIT.root().resolve("locked/acme/app.git"), "branch", "--list", "architect/*"))
                .isBlank();

        assertTheTokenIsNowhere(api, List.of(first, second, locked));
    }

    static Map<String, Object> hubJob(String branch) {
        Map<String, Object> body = new LinkedHashMap<>(SampleRepository.jobRequest(Path.of("/unused")));
        body.put("repo", Map.of("kind", "git", "url", GIT.url() + "/gh/acme/app.git", "ref", "main"));
        body.put("publish", Map.of("branch", branch, "hub", true));
        return body;
    }

    @Test
    void publishingToTheHubServesItsCatalogAndAFailingHubFailsPublishWithItsAnswer() throws Exception {
        TestApi api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        HUB.linkBase = "https://architect.example";
        HUB.reachAt = "http://127.0.0.1:" + port;
        String id = api.createJob(hubJob("architect/hub-one")).get("id").asString();
        JsonNode done = api.awaitSucceededOrFailed(id, Duration.ofMinutes(3));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(publishSummary(done)).contains("in the Matrix Hub");
        String index = "http://127.0.0.1:" + port + "/api/hub/index.json";
        // the index is registered once, and ingested after the publish
        assertThat(HUB.remotes).containsExactly("https://architect.example/api/hub/index.json");
        assertThat(HUB.calls).containsExactly("POST /remotes", "POST /ingest");

        // the served catalog (read without a token): every manifest carries the Hub's fields
        var http = java.net.http.HttpClient.newHttpClient();
        JsonNode served = TestApi.JSON.readTree(http.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(index))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(served.get("manifests")).isNotEmpty();
        for (JsonNode link : served.get("manifests")) {
            String path = link.asString().replace("https://architect.example", "http://127.0.0.1:" + port);
            JsonNode m = TestApi.JSON.readTree(http.send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(path))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body());
            assertThat(m.get("schema_version").asInt()).isEqualTo(1);
            assertThat(m.get("type").asString()).isEqualTo("tool");
            assertThat(m.get("id").asString()).matches("^[a-z0-9][a-z0-9._-]*$");
            assertThat(m.get("name").asString()).isNotBlank();
            assertThat(m.get("version").asString()).matches("0\\.0\\.0\\+[0-9a-f]{12}");
            assertThat(m.get("description").asString()).isNotBlank();
            assertThat(m.get("license").asString()).isNotBlank();
            assertThat(m.get("artifacts").valueStream().map(a -> a.get("kind").asString()))
                    .contains("git");
            assertThat(m.get("sig_uri").asString()).startsWith("https://architect.example/api/artifacts/");
            assertThat(m.get("sbom_uri").asString()).startsWith("https://architect.example/api/artifacts/");
        }
        assertThat(served.toString()).contains(id);
        assertThat(HUB.ingested)
                .extracting(m -> m.get("id").asString())
                .contains(id.toLowerCase(java.util.Locale.ROOT));

        // the Hub answers 500: PUBLISH fails with the Hub's answer; and 401 the same way
        HUB.failWith = 500;
        String broken = api.createJob(hubJob("architect/hub-two")).get("id").asString();
        JsonNode failed = api.awaitSucceededOrFailed(broken, Duration.ofMinutes(3));
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").asString()).contains("answered 500", "database is locked");
        HUB.failWith = 401;
        String refused = api.createJob(hubJob("architect/hub-three")).get("id").asString();
        JsonNode denied = api.awaitSucceededOrFailed(refused, Duration.ofMinutes(3));
        assertThat(denied.get("status").asString()).isEqualTo("failed");
        assertThat(denied.get("error").asString()).contains("answered 401", "Invalid or missing API token");
        HUB.failWith = 0;
        for (String job : List.of(id, broken, refused)) {
            assertThat(api.get("/api/jobs/" + job).body()).doesNotContain(HUB_TOKEN);
            assertThat(api.get("/api/jobs/" + job + "/logs").body()).doesNotContain(HUB_TOKEN);
        }
    }

    static String publishSummary(JsonNode job) {
        return job.get("stages")
                .valueStream()
                .filter(s -> s.get("name").asString().equals("PUBLISH"))
                .findFirst()
                .orElseThrow()
                .get("summary")
                .asString();
    }

    private void assertTheTokenIsNowhere(TestApi api, List<String> jobs) throws Exception {
        List<String> forms = List.of(
                TOKEN,
                Base64.getEncoder().encodeToString(("x-access-token:" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        List<String> responses = new ArrayList<>();
        responses.add(api.get("/api/jobs?limit=200").body());
        for (String id : jobs) {
            responses.add(api.get("/api/jobs/" + id).body());
            responses.add(api.get("/api/jobs/" + id + "/logs").body());
            responses.add(api.get("/api/audit?target=" + id).body());
            TestApi.Response list = api.get("/api/artifacts/" + id);
            responses.add(list.body());
            for (JsonNode a : list.json().get("items")) {
                responses.add(
                        api.get("/api/artifacts/" + id + "/" + a.get("name").asString())
                                .body());
            }
        }
        for (String r : responses) for (String f : forms) assertThat(r).doesNotContain(f);
        try (Stream<Path> files = Files.walk(ROOT.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.startsWith(ROOT.resolve("data/secrets"))) continue;
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String form : forms) assertThat(text).as(f.toString()).doesNotContain(form);
            }
        }
        String dump = String.join(
                "\n",
                jdbc.sql("script nopasswords nosettings").query(String.class).list());
        assertThat(dump).contains(jobs.getFirst());
        for (String form : forms) assertThat(dump).doesNotContain(form);
        // what the fake host saw as request bodies carries no token either (it travels only in the header)
        for (FakeForge.Call c : GITHUB.calls())
            if (c.body() != null) assertThat(c.body().toString()).doesNotContain(TOKEN);
    }
}
