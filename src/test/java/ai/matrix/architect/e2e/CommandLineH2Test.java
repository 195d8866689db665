package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.cli.Main;
import ai.matrix.architect.cli.SampleRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The command line against a real server: each exit code (0 succeeded, 1 failed, 2 usage, 3 waiting for approval,
 * 4 rejected, 5 unreachable or unauthorised), {@code --output json} of the read commands, profiles, and the token
 * file under $HOME with mode 0600.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandLineH2Test {
    static final Path ROOT = ServerTestSupport.tempDir("architect-cli");
    static final String APPROVER_PASSWORD = "approver-password-1";

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
    }

    @LocalServerPort
    int port;

    Path home;
    Path origin;
    Path planFile;
    String url;

    record Run(int code, String out, String err) {
        JsonNode json() {
            return TestApi.JSON.readTree(out);
        }
    }

    Run cli(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString()));
        env.putAll(extraEnv);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine(env);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    Run cli(String... args) {
        return cli(Map.of(), args);
    }

    @BeforeAll
    void setUp() throws Exception {
        home = Files.createTempDirectory(ROOT, "home");
        origin = Fixtures.bareSampleRepo(ROOT.resolve("repos"));
        url = "http://localhost:" + port;
        planFile = home.resolve("plan.json");
        Files.writeString(
                planFile,
                TestApi.JSON.writeValueAsString(
                        SampleRepository.jobRequest(origin).get("plan")));
    }

    List<String> submitArgs(String goal, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "submit",
                "--repo",
                origin.toUri().toString(),
                "--ref",
                "main",
                "--goal",
                goal,
                "--plan",
                planFile.toString(),
                "--verify",
                SampleRepository.VERIFY_COMMAND));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    @Order(1)
    void withoutALoginOrAServerTheExitCodeIsFive() {
        Run notLoggedIn = cli("status");
        assertThat(notLoggedIn.code()).isEqualTo(5);
        assertThat(notLoggedIn.err()).contains("Not logged in");

        Run badToken = cli(Map.of("ARCHITECT_TOKEN", "not-a-token"), "status", "--server", url);
        assertThat(badToken.code()).as(badToken.err()).isEqualTo(5);
        assertThat(badToken.err()).contains("HTTP 401");

        Run unreachable = cli(Map.of("ARCHITECT_TOKEN", "x"), "status", "--server", "http://127.0.0.1:1");
        assertThat(unreachable.code()).isEqualTo(5);
        assertThat(unreachable.err()).contains("Cannot reach the server at http://127.0.0.1:1");
    }

    @Test
    @Order(2)
    void loginKeepsTheTokenUnderHomeReadableByItsOwnerOnly() throws Exception {
        Run login = cli("login", "--server", url, "-u", "admin", "-p", ServerTestSupport.ADMIN_PASSWORD);
        assertThat(login.code()).as(login.err()).isZero();
        Path token = home.resolve(".config/matrix-architect/tokens/default");
        assertThat(token).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
                .isEqualTo("rw-------");
        Run config = cli("config", "show");
        assertThat(config.out()).contains("default").contains(url).contains("yes");
    }

    @Test
    @Order(3)
    void readCommandsPrintTablesOrJsonThatParses() throws Exception {
        Run empty = cli("status");
        assertThat(empty.code()).isZero();
        assertThat(empty.out()).contains("No jobs yet");

        for (String[] read : List.of(
                new String[] {"status"},
                new String[] {"approvals"},
                new String[] {"users", "list"},
                new String[] {"tokens", "list"},
                new String[] {"projects", "list"},
                new String[] {"policies", "list"},
                new String[] {"targets"},
                new String[] {"profiles"},
                new String[] {"audit", "list"})) {
            List<String> args = new ArrayList<>(List.of(read));
            args.addAll(List.of("--output", "json"));
            Run r = cli(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", read) + ": " + r.err()).isZero();
            assertThat(r.json().has("items")).as(r.out()).isTrue();
            assertThat(cli(read).code()).isZero();
        }
        assertThat(cli("audit", "verify").code()).isZero();
        Run policy = cli("policies", "get", "default");
        assertThat(policy.code()).as(policy.err()).isZero();
        Path source = home.resolve("policy.yaml");
        Files.writeString(source, policy.out());
        assertThat(cli("policies", "validate", source.toString()).code()).isZero();
    }

    @Test
    @Order(4)
    void aJobThatSucceedsExitsZeroAndItsArtifactsDiffAndEvidenceCanBeRead() throws Exception {
        Run submit = cli(submitArgs("Add mul", "--follow").toArray(String[]::new));
        assertThat(submit.code()).as(submit.out() + submit.err()).isZero();
        assertThat(submit.out())
                .contains("succeeded")
                .contains("4 passed, 0 failed, 0 skipped")
                .contains("patch.diff")
                .contains(url + "/jobs/job_");
        String id = jobId(submit);

        assertThat(cli("status", id).out()).contains("VERIFY").contains("attempts=1");
        assertThat(cli("status", id, "-o", "json").json().get("status").asString())
                .isEqualTo("succeeded");
        assertThat(cli("logs", id, "--stage", "VERIFY").out()).contains("Ran 4 tests");
        assertThat(cli("diff", id).out()).contains("+def mul(a, b):");
        assertThat(cli("evidence", id, "-o", "json")
                        .json()
                        .get("tests")
                        .get("passed")
                        .asInt())
                .isEqualTo(4);
        assertThat(cli("gate", id, "-o", "json").json().get("decision").asString())
                .isEqualTo("allow");
        assertThat(cli("gate", id).out()).contains("decision: allow");
        JsonNode artifacts = cli("artifacts", "list", id, "-o", "json").json();
        assertThat(artifacts.get("items").valueStream().map(a -> a.get("name").asString()))
                .contains("patch.diff", "verify.log");
        Path saved = home.resolve("saved.diff");
        assertThat(cli("artifacts", "download", id, "patch.diff", "--to", saved.toString())
                        .code())
                .isZero();
        assertThat(Files.readString(saved)).contains("def mul");
        // the creator cannot approve a job, and this one does not wait: 1
        assertThat(cli("approve", id).code()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void aFailedJobExitsOneAndUnknownJobsExitOne() throws Exception {
        Path badPlan = home.resolve("bad-plan.json");
        Files.writeString(badPlan, """
                {"steps": [{"id": "s1", "ops": [{"op": "update", "path": "missing.py", "content": "x"}]}]}
                """);
        Run failed = cli(
                "submit",
                "--repo",
                origin.toUri().toString(),
                "--goal",
                "Fails in PATCH",
                "--plan",
                badPlan.toString(),
                "--follow");
        assertThat(failed.code()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(failed.out()).contains("failed").contains("missing.py");
        Run unknown = cli("status", "job_01AAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("HTTP 404");
    }

    @Test
    @Order(6)
    void aJobWaitingForApprovalExitsThreeAndARejectedOneFour() throws Exception {
        Run waiting = cli(
                submitArgs("Needs approval", "--require-approval", "--follow").toArray(String[]::new));
        assertThat(waiting.code()).as(waiting.out() + waiting.err()).isEqualTo(3);
        // a single admin cannot approve their own job: GATE says who may, and how to make another user
        assertThat(waiting.out())
                .contains("awaiting_approval")
                .contains("not from the job's creator admin")
                .contains("matrix-architect users add NAME --role");
        String first = jobId(waiting);

        Run second = cli(submitArgs("Rejected one", "--require-approval", "--idempotency-key", "k-1", "-o", "json")
                .toArray(String[]::new));
        assertThat(second.code()).as(second.err()).isZero();
        String rejectedId = second.json().get("id").asString();
        Run repeated = cli(submitArgs("Rejected one", "--require-approval", "--idempotency-key", "k-1", "-o", "json")
                .toArray(String[]::new));
        assertThat(repeated.json().get("id").asString()).isEqualTo(rejectedId);
        assertThat(cli("wait", rejectedId).code()).isEqualTo(3);

        assertThat(cli("users", "add", "approver", "--role", "admin", "--password", APPROVER_PASSWORD)
                        .code())
                .isZero();
        Run login = cli("login", "--profile", "approver", "--server", url, "-u", "approver", "-p", APPROVER_PASSWORD);
        assertThat(login.code()).as(login.err()).isZero();
        Run pending = cli("approvals", "--profile", "approver", "-o", "json");
        assertThat(pending.json().get("items").size()).isEqualTo(2);

        Run approved = cli("approve", first, "--profile", "approver", "--comment", "looks right");
        assertThat(approved.code()).as(approved.err()).isZero();
        assertThat(cli("wait", first).code()).isZero();

        Run rejected = cli("reject", rejectedId, "--profile", "approver", "--reason", "not now");
        assertThat(rejected.code()).as(rejected.err()).isEqualTo(4);
        assertThat(cli("wait", rejectedId).code()).isEqualTo(4);
    }

    @Test
    @Order(7)
    void aCancelledJobExitsFourAndCanBeRetried() {
        Run created = cli(submitArgs("Cancelled one", "-o", "json").toArray(String[]::new));
        String id = created.json().get("id").asString();
        Run cancelled = cli("cancel", id);
        assertThat(cancelled.code()).as(cancelled.out() + cancelled.err()).isIn(0, 4);
        // a running job stops at its next check; once it has, the job's exit code is 4
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .until(
                        () -> cli("status", id, "-o", "json")
                                .json()
                                .get("status")
                                .asString(),
                        s -> !s.equals("running") && !s.equals("queued"));
        String status = cli("status", id, "-o", "json").json().get("status").asString();
        if (status.equals("cancelled")) {
            assertThat(cli("wait", id).code()).isEqualTo(4);
            assertThat(cli("retry", id).code()).isZero();
            assertThat(cli("wait", id).code()).isZero();
        }
    }

    @Test
    @Order(8)
    void apiTokensCanBeCreatedUsedAndRevoked() {
        Run created = cli("tokens", "create", "ci", "--role", "viewer", "-o", "json");
        assertThat(created.code()).as(created.err()).isZero();
        String token = created.json().get("token").asString();
        String id = created.json().get("id").asString();
        assertThat(cli(Map.of("ARCHITECT_TOKEN", token), "status", "--server", url)
                        .code())
                .isZero();
        assertThat(cli("tokens", "revoke", id).code()).isZero();
        assertThat(cli(Map.of("ARCHITECT_TOKEN", token), "status", "--server", url)
                        .code())
                .isEqualTo(5);
    }

    @Test
    @Order(9)
    void theLauncherKeepsTheLoginUnderHomeNotJavasUserHome() throws Exception {
        Path other = Files.createTempDirectory(ROOT, "x");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-Duser.home=/nonexistent",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "login",
                        "--server",
                        url,
                        "-u",
                        "admin")
                .redirectErrorStream(true);
        pb.environment().remove("XDG_CONFIG_HOME");
        pb.environment().put("HOME", other.toString());
        pb.environment().put("ARCHITECT_PASSWORD", ServerTestSupport.ADMIN_PASSWORD);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        Path token = other.resolve(".config/matrix-architect/tokens/default");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
                .isEqualTo("rw-------");
    }

    private static String jobId(Run r) {
        return r.out()
                .lines()
                .filter(l -> l.startsWith("Job job_"))
                .findFirst()
                .orElseThrow()
                .split("[ :]")[1];
    }
}
