package ai.matrix.architect.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.matrix.architect.cli.SampleRepository;
import ai.matrix.architect.cli.VerifyJobCommand;
import ai.matrix.architect.evidence.AttestationKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * Issue 21 end to end: a production job approved by two people, whose DEPLOY fails; a new commit upstream and a
 * retry from PATCH make another diff, so the approvals are voided, the job waits again and the audit log says why;
 * approved again, it deploys (a command target with a health check) and publishes to a local bare repository. Its
 * bundle passes {@code verify-job} and an independent check (PAE by hand, the JDK's Signature API), and each
 * tampering fails with its own message.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClock.class)
class JobLedgerH2Test {
    static final Path ROOT = GateApprovalsContract.tempDir();
    static final FakeEndpoint HEALTH = new FakeEndpoint(0);
    static final String ADMIN_PASSWORD = "ledger-admin-password-1";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) throws IOException {
        Files.createDirectories(ROOT.resolve("repos"));
        r.add("architect.data-dir", () -> ROOT.resolve("data").toString());
        r.add("architect.repo-roots", () -> ROOT.resolve("repos").toString());
        r.add("architect.admin-password", () -> ADMIN_PASSWORD);
        r.add("db-scheduler.polling-interval", () -> "500ms");
        r.add("architect.deploy-targets.prod.environment", () -> "production");
        r.add(
                "architect.deploy-targets.prod.command",
                // the release needs the header upstream adds later: the first deploy fails, the re-patched one passes
                () -> "echo deploying $RELEASE_ID; grep -q '# A small calculator' calc.py");
        r.add("architect.deploy-targets.prod.health-url", () -> HEALTH.url("/health"));
        r.add("architect.network.allow", () -> "127.0.0.1");
    }

    @AfterAll
    static void stop() {
        HEALTH.close();
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    Api as(String user, String password) {
        return Api.login(base(), user, password);
    }

    @Test
    void approvalsBindToTheDiffAndTheBundleVerifiesOffline() throws Exception {
        Api admin = as("admin", ADMIN_PASSWORD);
        for (String u : List.of("op1", "op2")) {
            admin.post("/api/users", Map.of("username", u, "password", "password-" + u, "role", "operator"));
        }
        Path work = ROOT.resolve("work");
        SampleRepository.create(work);
        Path bare = ROOT.resolve("repos/ledger.git");
        git(ROOT, "clone", "--quiet", "--bare", work.toString(), bare.toString());
        Map<String, Object> body = new LinkedHashMap<>(SampleRepository.jobRequest(bare));
        body.put("deploy", Map.of("target", "prod"));
        String id = admin.post("/api/jobs", body).json().path("id").asString();
        // another job, for its SBOM
        String other = admin.post("/api/jobs", SampleRepository.jobRequest(bare))
                .json()
                .path("id")
                .asString();

        JsonNode waiting = awaitStatus(admin, id, "awaiting_approval", "failed");
        assertThat(waiting.path("status").asString()).as(waiting.toString()).isEqualTo("awaiting_approval");
        String firstDiff = waiting.path("gate").path("diff").path("sha256").asString();
        assertThat(firstDiff).hasSize(64);
        approveBoth(id);
        JsonNode failed = awaitStatus(admin, id, "failed", "succeeded");
        assertThat(stage(failed, "DEPLOY").path("status").asString())
                .as(failed.toString())
                .isEqualTo("failed");

        // upstream moves on; the retry re-patches on the new head, which makes another diff
        git(work, "pull", "--quiet", bare.toString(), "main");
        Files.writeString(work.resolve("calc.py"), "# A small calculator\n" + SampleRepository.CALC);
        git(work, "commit", "--quiet", "-am", "Say what calc.py is");
        git(work, "push", "--quiet", bare.toString(), "main");
        Api.Response unknown = admin.post("/api/jobs/" + id + "/retry", Map.of("from_stage", "REPAIR"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("from_stage");
        assertThat(admin.post("/api/jobs/" + id + "/retry", Map.of("from_stage", "PATCH"))
                        .status())
                .isEqualTo(202);
        JsonNode again = awaitStatus(admin, id, "awaiting_approval", "failed");
        assertThat(again.path("status").asString()).as(again.toString()).isEqualTo("awaiting_approval");
        String secondDiff = again.path("gate").path("diff").path("sha256").asString();
        assertThat(secondDiff).isNotEqualTo(firstDiff);
        assertThat(stage(again, "GATE").path("summary").asString())
                .contains("waiting again: 2 earlier approval(s) no longer count")
                .contains("the diff changed after op1 approved it");
        JsonNode approvals = again.path("gate").path("approvals");
        assertThat(approvals.size()).isEqualTo(2);
        for (JsonNode a : approvals) {
            assertThat(a.path("diff_digest").asString()).isEqualTo(firstDiff);
            assertThat(a.path("voided_at").isNull()).isFalse();
            assertThat(a.path("void_reason").asString()).contains("the diff changed");
        }
        JsonNode voided = admin.get("/api/audit?target=" + id + "&action=approval.voided")
                .json()
                .path("items");
        assertThat(voided.size()).isEqualTo(2);
        assertThat(voided.get(0).path("details").path("reason").asString()).contains("the diff changed");
        assertThat(voided.get(0).path("details").path("diff_sha256").asString()).isEqualTo(secondDiff);

        approveBoth(id);
        JsonNode done = awaitStatus(admin, id, "succeeded", "failed");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("succeeded");
        String branch = done.path("branch").asString();
        assertThat(git(bare, "rev-parse", branch).strip())
                .isEqualTo(done.path("result_commit").asString());

        byte[] bundle = download(admin, "/api/jobs/" + id + "/ledger");
        String pem = admin.get("/api/keys/attestation").body();
        Path keyFile = Files.writeString(ROOT.resolve("key.pem"), pem);
        Map<String, byte[]> files = unzip(bundle);
        assertThat(verifyJob(bundle, keyFile)).as(lines).isZero();
        assertThat(lines).doesNotContain("✗").contains("✓ chain of");
        independentCheck(files, AttestationKeys.parsePublicPem(pem), secondDiff);

        awaitStatus(admin, other, "succeeded", "failed");
        byte[] otherSbom = admin.send("GET", "/api/artifacts/" + other + "/sbom.cdx.json", null)
                .body()
                .getBytes(StandardCharsets.UTF_8);
        tamperings(files, keyFile, otherSbom);
    }

    private void tamperings(Map<String, byte[]> files, Path keyFile, byte[] otherSbom) throws Exception {
        Map<String, byte[]> diff = new TreeMap<>(files);
        byte[] d = diff.get("patch.diff").clone();
        d[d.length - 2] ^= 1;
        diff.put("patch.diff", d);
        assertFails(diff, keyFile, "patch.diff hashes to sha256:", "not to the approved sha256:");

        List<String> ledger =
                files.keySet().stream().filter(n -> n.startsWith("ledger/")).toList();
        String approval = ledger.stream()
                .filter(n -> n.endsWith("-approval.intoto.json"))
                .reduce((a, b) -> b)
                .orElseThrow();
        Map<String, byte[]> removed = new TreeMap<>(files);
        removed.remove(approval);
        assertFails(removed, keyFile, "is missing from the bundle", "the gate required 2 approval(s)");

        Map<String, byte[]> reordered = new TreeMap<>(files);
        String a = ledger.get(ledger.size() - 2);
        String b = ledger.get(ledger.size() - 1);
        reordered.put(a, files.get(b));
        reordered.put(b, files.get(a));
        assertFails(reordered, keyFile, "chain out of order: " + a + " names " + b);

        Map<String, byte[]> sbom = new TreeMap<>(files);
        assertThat(otherSbom).isNotEqualTo(files.get("sbom.cdx.json"));
        sbom.put("sbom.cdx.json", otherSbom);
        assertFails(sbom, keyFile, "sbom.cdx.json hashes to", "but the provenance attests sha256:");

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair other = g.generateKeyPair();
        Map<String, byte[]> resigned = new TreeMap<>(files);
        resigned.put(approval, resign(files.get(approval), other));
        assertFails(resigned, keyFile, "signature of " + approval + " does not verify with the given key");
    }

    private void assertFails(Map<String, byte[]> files, Path key, String... messages) throws IOException {
        assertThat(verifyJob(zip(files), key)).as(lines).isEqualTo(1);
        for (String m : messages) assertThat(lines).contains("✗ ").contains(m);
        assertThat(lines).contains("NOT VERIFIED");
    }

    String lines = "";

    private int verifyJob(byte[] bundle, Path key) throws IOException {
        Path file = Files.write(Files.createTempFile(ROOT, "bundle", ".zip"), bundle);
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new VerifyJobCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(file.toString(), "--key", key.toString());
        lines = out.toString();
        return code;
    }

    /** PAE by hand and the JDK's Signature API: every statement signed, chained, and the approvals name the diff. */
    private static void independentCheck(Map<String, byte[]> files, PublicKey key, String approvedDiff)
            throws Exception {
        String previous = null;
        int approvalsOfDiff = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!f.getKey().startsWith("ledger/")) continue;
            JsonNode env = Api.JSON.readTree(new String(f.getValue(), StandardCharsets.UTF_8));
            byte[] payload = Base64.getDecoder().decode(env.path("payload").asString());
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(pae(env.path("payloadType").asString(), payload));
            assertThat(s.verify(Base64.getDecoder()
                            .decode(env.path("signatures").get(0).path("sig").asString())))
                    .as(f.getKey())
                    .isTrue();
            JsonNode predicate = Api.JSON.readTree(payload).path("predicate");
            JsonNode named = predicate.path("previous");
            assertThat(named.isNull() ? null : named.asString()).as(f.getKey()).isEqualTo(previous);
            previous = sha256(payload);
            if (f.getKey().endsWith("-approval.intoto.json")
                    && predicate.path("diff").path("sha256").asString().equals(approvedDiff)) {
                approvalsOfDiff++;
            }
        }
        assertThat(approvalsOfDiff).isEqualTo(2);
        assertThat(sha256(files.get("patch.diff"))).isEqualTo(approvedDiff);
    }

    private static byte[] resign(byte[] envelope, KeyPair other) throws Exception {
        JsonNode env = Api.JSON.readTree(new String(envelope, StandardCharsets.UTF_8));
        byte[] payload = Base64.getDecoder().decode(env.path("payload").asString());
        String type = env.path("payloadType").asString();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(other.getPrivate());
        s.update(pae(type, payload));
        String sig = Base64.getEncoder().encodeToString(s.sign());
        String json = "{\"payloadType\":\"" + type + "\",\"payload\":\""
                + env.path("payload").asString()
                + "\",\"signatures\":[{\"keyid\":\"" + AttestationKeys.keyId(other.getPublic()) + "\",\"sig\":\""
                + sig + "\"}]}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The DSSE pre-authentication encoding, written out here as the spec gives it (not the server's code). */
    private static byte[] pae(String type, byte[] payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(
                ("DSSEv1 " + type.length() + " " + type + " " + payload.length + " ").getBytes(StandardCharsets.UTF_8));
        out.write(payload);
        return out.toByteArray();
    }

    private void approveBoth(String id) {
        for (String u : List.of("op1", "op2")) {
            Api.Response r = as(u, "password-" + u).post("/api/jobs/" + id + "/approve", Map.of("comment", "ok"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }

    private static JsonNode awaitStatus(Api api, String id, String... statuses) {
        return await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.job(id),
                        j -> List.of(statuses).contains(j.path("status").asString()));
    }

    private static JsonNode stage(JsonNode job, String name) {
        for (JsonNode s : job.path("stages")) if (s.path("name").asString().equals(name)) return s;
        throw new AssertionError("no stage " + name);
    }

    private byte[] download(Api admin, String path) throws Exception {
        String token = admin.token();
        HttpResponse<byte[]> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base() + path))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry())
                out.put(e.getName(), in.readAllBytes());
        }
        return out;
    }

    static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                out.putNextEntry(new ZipEntry(f.getKey()));
                out.write(f.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "git",
                "-c",
                "user.name=Upstream",
                "-c",
                "user.email=up@example.invalid",
                "-c",
                "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("git " + String.join(" ", args) + " failed: " + out);
        return out;
    }
}
