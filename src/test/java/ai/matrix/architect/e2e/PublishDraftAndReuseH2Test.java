package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.matrix.architect.cli.SampleRepository;
import ai.matrix.architect.publish.GitHttpServer;
import ai.matrix.architect.publish.forge.FakeForge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The pull request while the gate waits, and one request per change across jobs: a job that needs approval has
 * its request opened as a draft with a pending gate status (GitHub's draft flag, GitLab's {@code Draft:} title),
 * made ready for review when it is approved and publishes; with {@code publish.reuse} a second job with the same
 * goal updates the first job's open request on its branch instead of opening another, and a job with another
 * goal opens its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublishDraftAndReuseH2Test {
    static final Path ROOT = ServerTestSupport.tempDir("architect-publish-draft");
    static final String TOKEN = "draft-test-token";
    static final GitHttpServer GITHUB_GIT;
    static final GitHttpServer GITLAB_GIT;
    static final FakeForge GITHUB;
    static final FakeForge GITLAB;

    static {
        try {
            GITHUB_GIT = new GitHttpServer(ROOT.resolve("gh"), "x-access-token", TOKEN);
            GITLAB_GIT = new GitHttpServer(ROOT.resolve("gl"), "oauth2", TOKEN);
            GITHUB = new FakeForge(FakeForge.Kind.GITHUB, TOKEN);
            GITLAB = new FakeForge(FakeForge.Kind.GITLAB, TOKEN);
            Path work = ROOT.resolve("sample");
            SampleRepository.create(work);
            for (GitHttpServer server : List.of(GITHUB_GIT, GITLAB_GIT)) {
                Path bare = server.root().resolve("acme/app.git");
                Files.createDirectories(bare.getParent());
                Fixtures.run(ROOT, "git", "clone", "--quiet", "--bare", work.toString(), bare.toString());
            }
            // one bundle of both servers' certificates, as a CA file may hold several
            Files.writeString(
                    ROOT.resolve("cas.pem"),
                    Files.readString(GITHUB_GIT.caFile()) + "\n" + Files.readString(GITLAB_GIT.caFile()));
            Path secrets = Files.createDirectories(ROOT.resolve("data/secrets"));
            Files.writeString(secrets.resolve("token"), TOKEN + "\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:publish-draft;DB_CLOSE_DELAY=-1");
        r.add("architect.sandbox", () -> "none");
        r.add("architect.network.allow", () -> "127.0.0.1");
        r.add("architect.network.ca-file", () -> ROOT.resolve("cas.pem").toString());
        r.add("architect.publish.forges.gh.type", () -> "github");
        r.add("architect.publish.forges.gh.url", GITHUB_GIT::url);
        r.add("architect.publish.forges.gh.api-url", GITHUB::apiUrl);
        r.add("architect.publish.forges.gh.token", () -> "file:token");
        r.add("architect.publish.forges.gl.type", () -> "gitlab");
        r.add("architect.publish.forges.gl.url", GITLAB_GIT::url);
        r.add("architect.publish.forges.gl.api-url", GITLAB::apiUrl);
        r.add("architect.publish.forges.gl.token", () -> "file:token");
    }

    @AfterAll
    static void stop() {
        GITHUB_GIT.close();
        GITLAB_GIT.close();
        GITHUB.close();
        GITLAB.close();
    }

    @LocalServerPort
    int port;

    static Map<String, Object> job(GitHttpServer server, String goal, Map<String, Object> publish, boolean approval) {
        Map<String, Object> body = new LinkedHashMap<>(SampleRepository.jobRequest(Path.of("/unused")));
        body.put("goal", goal);
        body.put("repo", Map.of("kind", "git", "url", server.url() + "/acme/app.git", "ref", "main"));
        body.put("publish", publish);
        if (approval) body.put("constraints", Map.of("require_approval", true));
        return body;
    }

    @Test
    void aJobWaitingForApprovalHasADraftPullRequestThatBecomesReadyWhenApproved() throws Exception {
        TestApi api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        TestApi bob = reviewer(api);
        String id = api.createJob(job(GITHUB_GIT, "Add multiplication", Map.of("pull_request", true), true))
                .get("id")
                .asString();
        JsonNode waiting = api.awaitStatus(id, Duration.ofMinutes(3), "awaiting_approval", "failed");
        assertThat(waiting.get("status").asString()).as(waiting.toString()).isEqualTo("awaiting_approval");
        await().atMost(Duration.ofSeconds(60)).until(() -> GITHUB.pulls().size() == 1);
        JsonNode draft = GITHUB.bodies("POST", "/repos/acme/app/pulls").getFirst();
        assertThat(draft.get("draft").asBoolean()).isTrue();
        assertThat(draft.get("head").asString()).isEqualTo("architect/" + id);
        assertThat(draft.get("body").asString())
                .contains("Draft while the change waits for approval")
                .contains("Decision: **require_approval**");
        String commit = waiting.get("result_commit").asString();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> GITHUB.bodies("POST", "/repos/acme/app/statuses/" + commit)
                                .size()
                        == 2);
        assertThat(GITHUB.bodies("POST", "/repos/acme/app/statuses/" + commit))
                .extracting(
                        s -> s.get("context").asString() + " " + s.get("state").asString())
                .containsExactly("matrix-architect/verify success", "matrix-architect/gate pending");
        assertThat(Fixtures.git(GITHUB_GIT.root().resolve("acme/app.git"), "rev-parse", "architect/" + id)
                        .strip())
                .isEqualTo(commit);
        assertThat(api.get("/api/jobs/" + id + "/logs").body()).contains("opened draft request");

        assertThat(bob.post("/api/jobs/" + id + "/approve", Map.of("comment", "fine"))
                        .status())
                .isEqualTo(200);
        JsonNode done = api.awaitSucceededOrFailed(id, Duration.ofMinutes(3));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(GITHUB.pulls()).hasSize(1);
        assertThat(GITHUB.pulls().getFirst().get("draft").asBoolean())
                .as("made ready for review")
                .isFalse();
        JsonNode ready = GITHUB.bodies("POST", "/api/graphql").getFirst();
        assertThat(ready.get("query").asString()).contains("markPullRequestReadyForReview");
        assertThat(ready.at("/variables/id").asString()).isEqualTo("PR_kwDOfake1");
        assertThat(GITHUB.bodies("PATCH", "/repos/acme/app/pulls/1")
                        .getLast()
                        .get("body")
                        .asString())
                .doesNotContain("Draft while")
                .contains("- bob at ");
        assertThat(GITHUB.bodies("POST", "/repos/acme/app/statuses/" + commit)
                        .getLast()
                        .get("state")
                        .asString())
                .isEqualTo("success");
    }

    @Test
    void withReuseASecondJobForTheSameGoalUpdatesTheFirstJobsRequest() throws Exception {
        TestApi api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        Map<String, Object> reuse = Map.of("pull_request", true, "reuse", true);
        String first = api.createJob(job(GITLAB_GIT, "Bump the calculator", reuse, false))
                .get("id")
                .asString();
        assertThat(api.awaitSucceededOrFailed(first, Duration.ofMinutes(3))
                        .get("status")
                        .asString())
                .isEqualTo("succeeded");
        assertThat(GITLAB.pulls()).hasSize(1);

        String second = api.createJob(job(GITLAB_GIT, "  bump the   Calculator ", reuse, false))
                .get("id")
                .asString();
        JsonNode again = api.awaitSucceededOrFailed(second, Duration.ofMinutes(3));
        assertThat(again.get("status").asString()).as(again.toString()).isEqualTo("succeeded");
        assertThat(GITLAB.pulls()).as("no second merge request").hasSize(1);
        assertThat(PublishPullRequestH2Test.publishSummary(again))
                .startsWith("pushed architect/" + first + " at ")
                .contains("updated https://gitlab.example/acme/app/-/merge_requests/1");
        assertThat(Fixtures.git(GITLAB_GIT.root().resolve("acme/app.git"), "rev-parse", "architect/" + first)
                        .strip())
                .isEqualTo(again.get("result_commit").asString());
        assertThat(Fixtures.git(GITLAB_GIT.root().resolve("acme/app.git"), "branch", "--list", "architect/" + second))
                .isBlank();
        assertThat(api.get("/api/jobs/" + second + "/logs").body())
                .contains("publish.reuse: the open request of job " + first);

        String other = api.createJob(job(GITLAB_GIT, "Add a divide function", reuse, false))
                .get("id")
                .asString();
        assertThat(api.awaitSucceededOrFailed(other, Duration.ofMinutes(3))
                        .get("status")
                        .asString())
                .isEqualTo("succeeded");
        assertThat(GITLAB.pulls()).as("another goal, another request").hasSize(2);
    }

    @Test
    void aGitLabDraftIsMarkedByItsTitleUntilApproved() {
        TestApi api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        TestApi bob = reviewer(api);
        int before = GITLAB.pulls().size();
        String id = api.createJob(job(GITLAB_GIT, "Rename a helper", Map.of("pull_request", true), true))
                .get("id")
                .asString();
        api.awaitStatus(id, Duration.ofMinutes(3), "awaiting_approval", "failed");
        await().atMost(Duration.ofSeconds(60)).until(() -> GITLAB.pulls().size() == before + 1);
        assertThat(GITLAB.pulls().getLast().get("title").asString()).isEqualTo("Draft: Rename a helper");
        assertThat(bob.post("/api/jobs/" + id + "/approve", Map.of()).status()).isEqualTo(200);
        assertThat(api.awaitSucceededOrFailed(id, Duration.ofMinutes(3))
                        .get("status")
                        .asString())
                .isEqualTo("succeeded");
        assertThat(GITLAB.pulls()).hasSize(before + 1);
        assertThat(GITLAB.pulls().getLast().get("title").asString()).isEqualTo("Rename a helper");
    }

    private TestApi reviewer(TestApi admin) {
        assertThat(admin.post("/api/users", Map.of("username", "bob", "password", "bob-password-1", "role", "operator"))
                        .status())
                .isIn(201, 409);
        return new TestApi("http://localhost:" + port).login("bob", "bob-password-1");
    }
}
