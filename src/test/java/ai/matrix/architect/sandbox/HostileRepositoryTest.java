package ai.matrix.architect.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Hostile repositories through the whole product (issue 4, "Must show" 5 and 7): git configuration, hooks,
 * filters and submodules that would run commands, a patch that writes through a symbolic link, a run op that
 * leaves one behind, an archive with {@code ../} and absolute entries. Every trick would create a file in a
 * marker directory on the host; none may appear. Afterwards the server still serves, a normal job succeeds,
 * and nothing is left running. Each subclass runs it with one sandbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class HostileRepositoryTest {
    static final String PASSWORD = "hostile-test-password";
    static Path root;
    static Path repos;
    static Path markers;

    @LocalServerPort
    int port;

    @Autowired
    protected SandboxProvider provider;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void dirs() throws IOException {
        if (root != null) return;
        root = Files.createTempDirectory("hostile-");
        repos = Files.createDirectories(root.resolve("repos"));
        markers = Files.createDirectories(root.resolve("markers"));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        dirs();
        Path data = Files.createDirectories(root.resolve("data-" + UUID.randomUUID()));
        r.add("architect.data-dir", data::toString);
        r.add("architect.repo-roots", repos::toString);
        r.add("architect.admin-password", () -> PASSWORD);
        r.add("architect.require-approvals", () -> "false");
    }

    /** A repository whose own settings try every way git offers to run a command. */
    static Path hostileRepo(String name) throws Exception {
        Path repo = repos.resolve(name + "-" + UUID.randomUUID());
        String m = markers.toString();
        sh(repos, "git init -q -b main " + repo);
        Files.writeString(repo.resolve("app.py"), "print('ok')\n");
        Files.writeString(repo.resolve(".gitattributes"), "* filter=evil diff=evil merge=evil\n");
        // a "tarball of a repository": a bare repository committed inside the tree, with its own evil settings
        sh(
                repo,
                "git init -q --bare vendor/inner.git && git --git-dir=vendor/inner.git config core.fsmonitor"
                        + " 'touch " + m
                        + "/inner-fsmonitor' && touch vendor/inner.git/objects/.keep vendor/inner.git/refs/.keep");
        commitAll(repo, "init");
        sh(
                repo,
                "git update-index --add --cacheinfo 160000,$(git rev-parse HEAD),sub-ext"
                        + " && git update-index --add --cacheinfo 160000,$(git rev-parse HEAD),sub-file");
        Files.writeString(
                repo.resolve(".gitmodules"),
                "[submodule \"sub-ext\"]\n\tpath = sub-ext\n"
                        + "\turl = ext::sh -c touch% " + m
                        + "/submodule-ext\n[submodule \"sub-file\"]\n\tpath = sub-file\n"
                        + "\turl = file://" + repo + "\n\tupdate = !touch " + m + "/submodule-update\n");
        commitAll(repo, "submodules");
        Map<String, String> config = Map.ofEntries(
                Map.entry("core.fsmonitor", "touch " + m + "/fsmonitor"),
                Map.entry("core.sshCommand", "touch " + m + "/ssh-command"),
                Map.entry("core.pager", "touch " + m + "/pager"),
                Map.entry("core.editor", "touch " + m + "/editor"),
                Map.entry("core.askPass", "touch " + m + "/askpass"),
                Map.entry("core.hooksPath", repo.resolve(".git/hooks").toString()),
                Map.entry("filter.evil.smudge", "touch " + m + "/smudge; cat"),
                Map.entry("filter.evil.clean", "touch " + m + "/clean; cat"),
                Map.entry("filter.evil.process", "touch " + m + "/filter-process"),
                Map.entry("diff.evil.textconv", "touch " + m + "/textconv; cat"),
                Map.entry("diff.external", "touch " + m + "/diff-external"),
                Map.entry("merge.evil.driver", "touch " + m + "/merge-driver"),
                Map.entry("uploadpack.packObjectsHook", "touch " + m + "/pack-objects-hook;"),
                Map.entry("receive.denyCurrentBranch", "ignore"));
        for (var e : config.entrySet()) sh(repo, "git config '" + e.getKey() + "' '" + e.getValue() + "'");
        for (String hook : List.of(
                "pre-commit",
                "post-commit",
                "post-checkout",
                "pre-push",
                "pre-receive",
                "update",
                "post-receive",
                "post-update",
                "reference-transaction",
                "post-merge",
                "pre-auto-gc",
                "post-index-change",
                "proc-receive",
                "push-to-checkout",
                "fsmonitor-watchman")) {
            Path h = repo.resolve(".git/hooks").resolve(hook);
            Files.writeString(h, "#!/bin/sh\ntouch " + m + "/hook-" + hook + "\n");
            h.toFile().setExecutable(true);
        }
        return repo;
    }

    static void commitAll(Path repo, String message) throws Exception {
        sh(
                repo,
                "git add -A && git -c user.name=t -c user.email=t@example.com -c core.hooksPath=/dev/null commit -qm '"
                        + message + "'");
    }

    static String sh(Path dir, String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
        return out;
    }

    String token() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body()).get("access_token").asText();
    }

    /** Creates and runs a job on the repository; returns the finished job. */
    JsonNode runJob(Path repo, List<Map<String, Object>> ops, List<String> verify) throws Exception {
        String token = token();
        Map<String, Object> body = Map.of(
                "repo", Map.of("kind", "git", "url", "file://" + repo, "ref", "main"),
                "goal", "hostile repository test",
                "constraints", Map.of("require_tests", false, "security_scan", false, "require_approval", false),
                "plan", Map.of("summary", "hostile", "steps", List.of(Map.of("id", "s1", "title", "t", "ops", ops))),
                "verify", Map.of("commands", verify),
                "auto_execute", true);
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json.readTree(created.body()).get("id").asText();
        JsonNode[] job = new JsonNode[1];
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs/" + id))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    job[0] = json.readTree(r.body());
                    return Set.of("succeeded", "failed", "cancelled", "rejected")
                            .contains(job[0].get("status").asText());
                });
        return job[0];
    }

    static void assertNoMarkers() throws IOException {
        try (Stream<Path> list = Files.list(markers)) {
            assertThat(list.map(p -> p.getFileName().toString()).toList())
                    .as("marker files")
                    .isEmpty();
        }
    }

    static Map<String, Object> op(String kind, String key, String value) {
        return Map.of("op", kind, key, value);
    }

    static Map<String, Object> create(String path, String content) {
        return Map.of("op", "create", "path", path, "content", content);
    }

    @Test
    @Order(1)
    void gitSettingsHooksFiltersAndSubmodulesOfTheRepositoryNeverRun() throws Exception {
        Path repo = hostileRepo("settings");
        JsonNode job = runJob(
                repo,
                List.of(create("added.txt", "added\n"), op("run", "command", "cat app.py")),
                List.of("cat app.py added.txt && git status >/dev/null 2>&1; true"));
        assertNoMarkers();
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("succeeded");
    }

    @Test
    @Order(2)
    void aPatchThatCreatesASymlinkToAHostDirectoryAndWritesThroughItIsRefused() throws Exception {
        Path repo = hostileRepo("symlink-patch");
        String token = UUID.randomUUID().toString();
        String linkToEtc = "diff --git a/etc-link b/etc-link\nnew file mode 120000\n--- /dev/null\n+++ b/etc-link\n"
                + "@@ -0,0 +1 @@\n+/etc\n\\ No newline at end of file\n";
        JsonNode viaOp = runJob(
                repo,
                List.of(op("patch", "diff", linkToEtc), create("etc-link/escape-" + token, "x")),
                List.of("true"));
        assertThat(viaOp.get("status").asText()).isEqualTo("failed");
        assertThat(Path.of("/etc/escape-" + token)).doesNotExist();

        String m = markers.toString();
        String inOnePatch = "diff --git a/m b/m\nnew file mode 120000\n--- /dev/null\n+++ b/m\n@@ -0,0 +1 @@\n+" + m
                + "\n\\ No newline at end of file\ndiff --git a/m/through-patch b/m/through-patch\nnew file mode 100644\n"
                + "--- /dev/null\n+++ b/m/through-patch\n@@ -0,0 +1 @@\n+x\n";
        JsonNode onePatch = runJob(repo, List.of(op("patch", "diff", inOnePatch)), List.of("true"));
        assertThat(onePatch.get("status").asText()).isEqualTo("failed");

        JsonNode viaRun = runJob(
                repo,
                List.of(op(
                        "run",
                        "command",
                        "ln -s " + m + " m2; (echo x > m2/through-run) 2>/dev/null;"
                                + " ln -s /etc/passwd leak; true")),
                List.of("cat m2/through-run leak 2>/dev/null; true"));
        assertThat(viaRun.get("status").asText())
                .as("a run op leaving an escaping link")
                .isEqualTo("failed");
        assertNoMarkers();
    }

    @Test
    @Order(3)
    void anArchiveWithParentAndAbsoluteEntriesExtractsNowhereOutside() throws Exception {
        Path repo = repos.resolve("archive-" + UUID.randomUUID());
        sh(repos, "git init -q -b main " + repo);
        String m = markers.toString();
        sh(
                repo,
                "python3 - <<'PY'\nimport io, tarfile\nwith tarfile.open('evil.tar', 'w') as t:\n"
                        + "    for name in ['../../../../../../../.." + m + "/tar-parent', '" + m + "/tar-absolute']:\n"
                        + "        data = b'escaped'\n        info = tarfile.TarInfo(name)\n        info.size = len(data)\n"
                        + "        t.addfile(info, io.BytesIO(data))\nPY");
        commitAll(repo, "archive");
        JsonNode job = runJob(
                repo,
                List.of(create("note.txt", "n\n")),
                List.of("tar -xPf evil.tar 2>/dev/null; tar -xf evil.tar 2>/dev/null;"
                        + " python3 -c \"import tarfile; tarfile.open('evil.tar').extractall()\" 2>/dev/null; true"));
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("succeeded");
        assertNoMarkers();
    }

    @Test
    @Order(10)
    void afterwardsTheServerServesANormalJobSucceedsAndNothingIsLeftRunning() throws Exception {
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        Path repo = repos.resolve("normal-" + UUID.randomUUID());
        sh(repos, "git init -q -b main " + repo);
        Files.writeString(repo.resolve("app.py"), "print('hello from the sandbox')\n");
        commitAll(repo, "init");
        JsonNode job = runJob(repo, List.of(create("README.md", "# normal\n")), List.of("python3 app.py"));
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("succeeded");
        assertNothingLeftRunning();
    }

    /** Per sandbox: no container, cgroup or process of a sandbox run outlives it. */
    protected abstract void assertNothingLeftRunning() throws Exception;
}
