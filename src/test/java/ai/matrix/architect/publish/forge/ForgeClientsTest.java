package ai.matrix.architect.publish.forge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Each host's client against a fake speaking that host's JSON: one request per branch (opened, then updated; a
 * create refused with the host's "already exists" answer updates the existing one), labels, reviewers, commit
 * statuses, and a sentence naming the missing permission when the token cannot push.
 */
class ForgeClientsTest {
    static final String TOKEN = "forge-token-1";

    static Forge client(FakeForge.Kind kind, FakeForge fake, String token) {
        return switch (kind) {
            case GITHUB -> new GitHubForge(fake.apiUrl(), token, "acme", "app");
            case GITLAB -> new GitLabForge(fake.apiUrl(), token, "acme/app");
            case GITEA -> new GiteaForge(fake.apiUrl(), token, "acme", "app");
        };
    }

    static ChangeRequest change(String title, String body, boolean draft) {
        return new ChangeRequest("architect/job_1", "main", title, body, List.of("automated"), List.of("alice"), draft);
    }

    static String base(FakeForge.Kind kind) {
        return kind == FakeForge.Kind.GITLAB ? "/projects/acme%2Fapp" : "/repos/acme/app";
    }

    @ParameterizedTest
    @EnumSource(FakeForge.Kind.class)
    void oneBranchOneRequestOpenedThenUpdated(FakeForge.Kind kind) throws Exception {
        try (FakeForge fake = new FakeForge(kind, TOKEN)) {
            Forge forge = client(kind, fake, TOKEN);
            assertThat(forge.cannotPush()).isEmpty();

            OpenRequest first = forge.ensure(change("Bump", "**3 passed**", true));
            assertThat(first.action()).isEqualTo("opened");
            assertThat(first.number()).isEqualTo(1);
            String list = kind == FakeForge.Kind.GITLAB ? "/merge_requests" : "/pulls";
            JsonNode created = fake.bodies("POST", base(kind) + list).getFirst();
            switch (kind) {
                case GITHUB -> {
                    assertThat(created.get("title").asString()).isEqualTo("Bump");
                    assertThat(created.get("head").asString()).isEqualTo("architect/job_1");
                    assertThat(created.get("base").asString()).isEqualTo("main");
                    assertThat(created.get("body").asString()).isEqualTo("**3 passed**");
                    assertThat(created.get("draft").asBoolean()).isTrue();
                    assertThat(fake.bodies("PUT", "/repos/acme/app/issues/1/labels")
                                    .getFirst()
                                    .toString())
                            .isEqualTo("{\"labels\":[\"automated\"]}");
                    assertThat(fake.bodies("POST", "/repos/acme/app/pulls/1/requested_reviewers")
                                    .getFirst()
                                    .toString())
                            .isEqualTo("{\"reviewers\":[\"alice\"]}");
                    assertThat(fake.calls().getFirst().header("X-GitHub-Api-Version"))
                            .isEqualTo("2022-11-28");
                    assertThat(fake.calls().getFirst().header("Accept")).isEqualTo("application/vnd.github+json");
                }
                case GITLAB -> {
                    assertThat(created.get("title").asString()).isEqualTo("Draft: Bump");
                    assertThat(created.get("source_branch").asString()).isEqualTo("architect/job_1");
                    assertThat(created.get("target_branch").asString()).isEqualTo("main");
                    assertThat(created.get("description").asString()).isEqualTo("**3 passed**");
                    assertThat(created.get("labels").asString()).isEqualTo("automated");
                    assertThat(created.get("reviewer_ids").toString()).isEqualTo("[75]");
                    assertThat(fake.calls("GET", "/users?username=alice")).hasSize(1);
                }
                case GITEA -> {
                    assertThat(created.get("title").asString()).isEqualTo("WIP: Bump");
                    assertThat(created.get("head").asString()).isEqualTo("architect/job_1");
                    assertThat(created.get("base").asString()).isEqualTo("main");
                    assertThat(created.get("body").asString()).isEqualTo("**3 passed**");
                    assertThat(created.get("labels").toString()).isEqualTo("[3]");
                    assertThat(fake.bodies("POST", "/repos/acme/app/pulls/1/requested_reviewers")
                                    .getFirst()
                                    .toString())
                            .isEqualTo("{\"reviewers\":[\"alice\"]}");
                }
            }

            OpenRequest second = forge.ensure(change("Bump again", "**4 passed**", false));
            assertThat(second.action()).isEqualTo("updated");
            assertThat(second.number()).isEqualTo(1);
            assertThat(fake.pulls()).hasSize(1);
            String updateMethod = switch (kind) {
                case GITHUB, GITEA -> "PATCH";
                case GITLAB -> "PUT";
            };
            JsonNode updated =
                    fake.bodies(updateMethod, base(kind) + list + "/1").getFirst();
            String bodyField = kind == FakeForge.Kind.GITLAB ? "description" : "body";
            assertThat(updated.get("title").asString()).isEqualTo("Bump again");
            assertThat(updated.get(bodyField).asString()).isEqualTo("**4 passed**");

            // another run opened it between our look and our create: the host's answer leads to an update
            fake.hideOpenOnce = true;
            OpenRequest third = forge.ensure(change("Third", "**5 passed**", false));
            assertThat(third.action()).isEqualTo("updated");
            assertThat(fake.pulls()).hasSize(1);
            assertThat(fake.calls("POST", base(kind) + list).size()).isEqualTo(2);
            assertThat(fake.pulls().getFirst().get("title").asString()).isEqualTo("Third");

            // every call carried the token in the host's own header
            for (FakeForge.Call c : fake.calls()) {
                String auth = kind == FakeForge.Kind.GITLAB ? c.header("PRIVATE-TOKEN") : c.header("Authorization");
                assertThat(auth).endsWith(TOKEN);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FakeForge.Kind.class)
    void commitStatusesInTheHostsVocabulary(FakeForge.Kind kind) throws Exception {
        try (FakeForge fake = new FakeForge(kind, TOKEN)) {
            Forge forge = client(kind, fake, TOKEN);
            String sha = "0123456789abcdef0123456789abcdef01234567";
            forge.postStatus(
                    sha,
                    new CommitStatus(
                            "matrix-architect/verify",
                            CommitStatus.State.SUCCESS,
                            "3 passed, 0 failed, 1 skipped",
                            "https://ui/jobs/j"));
            forge.postStatus(sha, new CommitStatus("matrix-architect/gate", CommitStatus.State.FAILURE, "deny", ""));
            JsonNode ok = fake.bodies("POST", base(kind) + "/statuses/" + sha).get(0);
            JsonNode bad = fake.bodies("POST", base(kind) + "/statuses/" + sha).get(1);
            String name = kind == FakeForge.Kind.GITLAB ? "name" : "context";
            assertThat(ok.get(name).asString()).isEqualTo("matrix-architect/verify");
            assertThat(ok.get("state").asString()).isEqualTo("success");
            assertThat(ok.get("description").asString()).isEqualTo("3 passed, 0 failed, 1 skipped");
            assertThat(ok.get("target_url").asString()).isEqualTo("https://ui/jobs/j");
            assertThat(bad.get("state").asString()).isEqualTo(kind == FakeForge.Kind.GITLAB ? "failed" : "failure");
            assertThat(bad.has("target_url")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(FakeForge.Kind.class)
    void aTokenThatCannotPushIsToldApartFromOneThatIsRefused(FakeForge.Kind kind) throws Exception {
        try (FakeForge fake = new FakeForge(kind, TOKEN)) {
            Optional<String> wrong = client(kind, fake, "not-the-token").cannotPush();
            assertThat(wrong)
                    .hasValueSatisfying(s -> assertThat(s).contains("401 Unauthorized", "wrong, expired or revoked"));

            fake.repositoryStatus = 403;
            assertThat(client(kind, fake, TOKEN).cannotPush())
                    .hasValueSatisfying(s -> assertThat(s).contains("403 Forbidden", "acme/app", "it needs"));

            fake.repositoryStatus = 0;
            fake.canPush = false;
            String expected = switch (kind) {
                case GITHUB -> "Contents (write)";
                case GITLAB -> "below Developer (30)";
                case GITEA -> "write access to the repository";
            };
            assertThat(client(kind, fake, TOKEN).cannotPush())
                    .hasValueSatisfying(s -> assertThat(s).contains("acme/app", expected));
        }
    }
}
