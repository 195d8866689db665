package ai.matrix.architect.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.matrix.architect.workspace.GitCommandException;
import ai.matrix.architect.workspace.RemoteRepo;
import ai.matrix.architect.workspace.Workspace;
import ai.matrix.architect.workspace.Workspaces;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The token reaches a real git server (git http-backend over HTTPS with basic auth) through the credential helper:
 * never in the URL, only after the server asks, and a wrong token is refused by the server.
 */
class GitCredentialsTest {
    static final String TOKEN = "tok-" + java.util.UUID.randomUUID();
    static Path dir;
    static GitHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("git-credentials").toRealPath();
        server = new GitHttpServer(dir, "x-access-token", TOKEN);
        server.bareRepo("acme/app", Map.of("README.md", "hello\n"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Workspace checkout(String job) {
        return new Workspaces(dir.resolve("ws"), 5).checkout(job, remote(), null);
    }

    private static RemoteRepo remote() {
        int port = Integer.parseInt(server.url().substring(server.url().lastIndexOf(':') + 1));
        return new RemoteRepo(
                server.url() + "/acme/app.git",
                "main",
                "acme/app",
                RemoteRepo.pin("127.0.0.1", port, InetAddress.getLoopbackAddress()),
                server.caFile().toString());
    }

    @Test
    void thePushCarriesTheTokenOnlyInTheAuthorizationHeader() throws Exception {
        Workspace ws = checkout("job_ok");
        ws.write("NOTES.md", "notes\n");
        ws.stageAll(ws.head());
        String commit = ws.commit("notes", Instant.parse("2026-01-01T00:00:00Z"));
        ws.pointBranch("architect/job-ok", commit);
        GitCredentials creds = new GitCredentials(server.url(), "x-access-token", TOKEN);
        Map<String, String> env = new HashMap<>(remote().gitEnv());
        env.putAll(creds.env());
        ws.push(remote().url(), "architect/job-ok", Duration.ofMinutes(1), env, creds.config(), true);

        String onServer = GitHttpServer.run(
                dir, "git", "--git-dir=" + server.root().resolve("acme/app.git"), "rev-parse", "architect/job-ok");
        assertThat(onServer.strip()).isEqualTo(commit);
        assertThat(server.pushers()).contains("x-access-token");
        String basic = "Basic "
                + Base64.getEncoder().encodeToString(("x-access-token:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        assertThat(server.authorizations()).contains(basic);
        assertThat(server.requestLines()).noneMatch(l -> l.contains(TOKEN) || l.contains("@"));
        assertThat(creds.config()).noneMatch(c -> c.contains(TOKEN));
        assertThat(creds.toString()).doesNotContain(TOKEN);

        // run again with another commit: the branch is replaced (forced), not refused as non-fast-forward
        ws.resetTo(ws.head() + "~1");
        ws.write("OTHER.md", "other\n");
        ws.stageAll(ws.head());
        String second = ws.commit("other", Instant.parse("2026-01-01T00:00:01Z"));
        ws.pointBranch("architect/job-ok", second);
        ws.push(remote().url(), "architect/job-ok", Duration.ofMinutes(1), env, creds.config(), true);
        assertThat(GitHttpServer.run(
                                dir,
                                "git",
                                "--git-dir=" + server.root().resolve("acme/app.git"),
                                "rev-parse",
                                "architect/job-ok")
                        .strip())
                .isEqualTo(second);
    }

    @Test
    void aWrongTokenIsRefusedByTheServerAndNotShownInTheError() throws Exception {
        Workspace ws = checkout("job_bad");
        ws.write("BAD.md", "bad\n");
        ws.stageAll(ws.head());
        ws.pointBranch("architect/job-bad", ws.commit("bad", Instant.parse("2026-01-01T00:00:00Z")));
        String wrong = "wrong-" + java.util.UUID.randomUUID();
        GitCredentials creds = new GitCredentials(server.url(), "x-access-token", wrong);
        Map<String, String> env = new HashMap<>(remote().gitEnv());
        env.putAll(creds.env());
        assertThatThrownBy(() ->
                        ws.push(remote().url(), "architect/job-bad", Duration.ofMinutes(1), env, creds.config(), true))
                .isInstanceOf(GitCommandException.class)
                .hasMessageContaining("Authentication failed")
                .hasMessageNotContaining(wrong);
        // without the helper git has no way to ask: it fails instead of prompting
        assertThatThrownBy(() -> ws.push(
                        remote().url(), "architect/job-bad", Duration.ofMinutes(1), remote().gitEnv(), List.of(), true))
                .isInstanceOf(GitCommandException.class);
    }
}
