package ai.matrix.architect.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A job whose verify commands print secrets (plain, base64 at two alignments, URL-encoded, and a secret that spans
 * two lines): none of those forms is found in the artifact store, the database or any API response of the job.
 */
class SecretCanaryTest extends SecurityTestSupport {

    @Test
    void theCanaryIsFoundNowhere() throws Exception {
        String canary =
                "CANARY-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        String line1 = "KEYLINE1-" + UUID.randomUUID().toString().replace("-", "");
        String line2 = "KEYLINE2-" + UUID.randomUUID().toString().replace("-", "");
        Path secrets = DATA.resolve("secrets");
        Files.createDirectories(secrets);
        Files.writeString(secrets.resolve("canary"), canary + "\n");
        Files.writeString(secrets.resolve("canary-pem"), line1 + "\n" + line2 + "\n");

        Path repo = DATA.resolve("repos").resolve("canary");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve(".matrix-architect.yml"), """
                verify:
                  secrets: ["file:canary", "file:canary-pem"]
                  commands:
                    - echo "plain $canary"
                    - printf '%s' "$canary" | base64
                    - printf 'xy%s' "$canary" | base64
                    - echo "$canary_pem"
                    - python3 -c "import os, urllib.parse; print(urllib.parse.quote('a b/' + os.environ['canary']))"
                    - echo "ready $canary" > out.txt && cat out.txt
                """);
        Files.writeString(repo.resolve("README.md"), "canary\n");
        git(repo, "init", "--quiet", "--initial-branch=main");
        git(repo, "add", "-A");
        git(repo, "commit", "--quiet", "-m", "canary");

        Map<String, Object> body = new java.util.HashMap<>();
        body.put("repo", Map.of("kind", "local", "path", repo.toString(), "ref", "main"));
        body.put("goal", "print the canary");
        body.put("constraints", Map.of("require_tests", false));
        body.put(
                "plan",
                Map.of(
                        "summary",
                        "touch a file",
                        "steps",
                        List.of(Map.of(
                                "id",
                                "s1",
                                "title",
                                "notes",
                                "ops",
                                List.of(Map.of("op", "create", "path", "notes.txt", "content", "notes\n"))))));
        body.put("auto_execute", true);
        Reply created = call("POST", "/api/jobs", admin(), body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> List.of("succeeded", "failed", "cancelled", "rejected")
                        .contains(call("GET", "/api/jobs/" + id, admin(), null)
                                .json()
                                .get("status")
                                .asString()));

        List<String> forms = List.of(
                canary,
                Base64.getEncoder()
                        .encodeToString(canary.getBytes(StandardCharsets.UTF_8))
                        .substring(0, 36),
                URLEncoder.encode(canary, StandardCharsets.UTF_8),
                line1,
                line2);

        Reply logs = call("GET", "/api/jobs/" + id + "/logs", admin(), null);
        System.out.println(logs.body());
        assertThat(call("GET", "/api/jobs/" + id, admin(), null)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("succeeded");
        assertThat(logs.body()).contains("plain [REDACTED]").contains("ready [REDACTED]");
        // plain, two base64 alignments, two lines of the multi-line secret, URL-encoded, the file: seven masks
        assertThat(logs.body().split("\\[REDACTED\\]", -1).length - 1).isGreaterThanOrEqualTo(7);

        // every API response about the job
        List<String> responses = new ArrayList<>();
        responses.add(call("GET", "/api/jobs/" + id, admin(), null).body());
        responses.add(logs.body());
        responses.add(call("GET", "/api/jobs?limit=200", admin(), null).body());
        responses.add(call("GET", "/api/audit?target=" + id, admin(), null).body());
        Reply list = call("GET", "/api/artifacts/" + id, admin(), null);
        responses.add(list.body());
        for (String name : list.json()
                .get("items")
                .valueStream()
                .map(a -> a.get("name").asString())
                .toList()) {
            responses.add(call("GET", "/api/artifacts/" + id + "/" + name, admin(), null)
                    .body());
        }
        assertThat(list.body()).contains("verify.log");
        for (String r : responses) for (String f : forms) assertThat(r).doesNotContain(f);

        // the whole artifact store
        try (Stream<Path> files = Files.walk(DATA.resolve("artifacts"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String form : forms) assertThat(text).as(f.toString()).doesNotContain(form);
            }
        }
        // the whole database
        String dump = String.join(
                "\n",
                jdbc.sql("script nopasswords nosettings").query(String.class).list());
        assertThat(dump).contains(id);
        for (String form : forms) assertThat(dump).doesNotContain(form);
    }

    @Test
    void onlyTheStepsThatAskGetASecret() throws Exception {
        Path secrets = DATA.resolve("secrets");
        Files.createDirectories(secrets);
        String value = "STEPSECRET-" + UUID.randomUUID().toString().replace("-", "");
        Files.writeString(secrets.resolve("step-secret"), value);
        Path repo = DATA.resolve("repos").resolve("steps");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("README.md"), "steps\n");
        git(repo, "init", "--quiet", "--initial-branch=main");
        git(repo, "add", "-A");
        git(repo, "commit", "--quiet", "-m", "steps");
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("repo", Map.of("kind", "local", "path", repo.toString(), "ref", "main"));
        body.put("goal", "two steps");
        body.put("constraints", Map.of("require_tests", false));
        body.put(
                "plan",
                Map.of(
                        "summary",
                        "two steps",
                        "steps",
                        List.of(
                                Map.of(
                                        "id",
                                        "s1",
                                        "title",
                                        "with",
                                        "secrets",
                                        List.of("file:step-secret"),
                                        "ops",
                                        List.of(Map.of("op", "create", "path", "a.txt", "content", "a\n")),
                                        "verify",
                                        List.of("echo \"one <$step_secret>\"")),
                                Map.of(
                                        "id",
                                        "s2",
                                        "title",
                                        "without",
                                        "ops",
                                        List.of(Map.of("op", "create", "path", "b.txt", "content", "b\n")),
                                        "verify",
                                        List.of("echo \"two <${step_secret:-none}>\"")))));
        body.put("auto_execute", true);
        Reply created = call("POST", "/api/jobs", admin(), body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> List.of("succeeded", "failed", "cancelled", "rejected")
                        .contains(call("GET", "/api/jobs/" + id, admin(), null)
                                .json()
                                .get("status")
                                .asString()));
        String logs = call("GET", "/api/jobs/" + id + "/logs", admin(), null).body();
        assertThat(logs).contains("one <[REDACTED]>").contains("two <none>").doesNotContain(value);
        Map<String, Object> bad = new java.util.HashMap<>(body);
        bad.put("plan", Map.of("summary", "x", "steps", List.of(Map.of("id", "s1", "secrets", List.of("$(id)")))));
        assertThat(call("POST", "/api/jobs", admin(), bad).status()).isEqualTo(400);
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
    }
}
