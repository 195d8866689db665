package ai.matrix.architect.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Malformed requests of every kind to every endpoint, from a seeded generator so that a failure repeats: bad JSON,
 * deep nesting, bodies over the limit (with and without a length), bytes that are not UTF-8 (overlong forms too),
 * unknown fields, bad path ids and query values, broken request lines. No answer may be a 5xx, every error answer
 * is a problem detail, and the server is healthy afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiFuzzH2Test {
    static final Path ROOT = ServerTestSupport.tempDir("architect-fuzz");
    static final int LIMIT = 5 * 1024 * 1024;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        ServerTestSupport.common(r, ROOT);
    }

    @LocalServerPort
    int port;

    /** Every endpoint of the API; a {name} is replaced by the fuzzed value or, for body tests, a harmless one. */
    static final List<String> ENDPOINTS = List.of(
            "POST /api/jobs",
            "GET /api/jobs/{id}",
            "GET /api/jobs",
            "POST /api/execute/{id}",
            "POST /api/jobs/{id}/cancel",
            "POST /api/jobs/{id}/retry",
            "POST /api/jobs/{id}/approve",
            "POST /api/jobs/{id}/reject",
            "GET /api/approvals",
            "GET /api/stats",
            "GET /api/deploy/targets",
            "POST /api/chat",
            "GET /api/artifacts/{id}",
            "GET /api/artifacts/{id}/{name}",
            "GET /api/jobs/{id}/logs",
            "GET /api/events",
            "GET /api/profiles",
            "GET /api/recipes",
            "POST /api/auth/token",
            "POST /api/users",
            "PATCH /api/users/{name}",
            "DELETE /api/users/{name}",
            "GET /api/users",
            "GET /api/health",
            "GET /api/projects",
            "POST /api/projects",
            "PUT /api/projects/{name}/members/{name}",
            "DELETE /api/projects/{name}/members/{name}",
            "GET /api/policies",
            "GET /api/policies/{name}",
            "GET /api/policies/{name}/versions/{id}",
            "POST /api/policies/validate",
            "PUT /api/policies/{name}",
            "POST /api/policies/{name}/dry-run",
            "POST /api/tokens",
            "GET /api/tokens",
            "DELETE /api/tokens/{id}",
            "GET /api/audit",
            "GET /api/audit/verify",
            "GET /api/keys/attestation");

    static final List<String> BAD_IDS = List.of(
            "%00", "%ff%fe", "%C0%AF", "..%2F..%2Fetc", "job_%27%20or%201=1", "%E2%80%AE", "x".repeat(5000), "-1");

    static final List<String> BAD_QUERIES = List.of(
            "limit=abc",
            "limit=-5",
            "limit=99999999999999999999",
            "cursor=%00%ff",
            "cursor=%C0%AF",
            "status=%ED%A0%80",
            "stage=nonsense",
            "follow=maybe",
            "job_id=%00",
            "target=a%00b&actor=%01&action=" + "y".repeat(3000),
            "created_by=%F0%9F",
            "version=NaN",
            "%ff=1");

    private final List<String> failures = new ArrayList<>();
    private int sent;
    private RawHttp http;
    private String auth;

    @Test
    void malformedRequestsNeverGetA5xxAndTheServerStaysHealthy() throws Exception {
        http = new RawHttp(port);
        auth = "Authorization: Bearer "
                + new TestApi("http://localhost:" + port)
                        .login("admin", ServerTestSupport.ADMIN_PASSWORD)
                        .token();
        Random random = new Random(14);
        for (String endpoint : ENDPOINTS) {
            String method = endpoint.split(" ")[0];
            String template = endpoint.split(" ")[1];
            if (template.contains("{")) {
                for (String id : BAD_IDS) check(method, template.replaceAll("\\{[a-z]+}", id), null);
            }
            String path = template.replaceAll("\\{[a-z]+}", "fuzz-nobody");
            for (String q : BAD_QUERIES) {
                if (method.equals("GET")) check(method, path + "?" + q, null);
            }
            if (!method.equals("GET") && !method.equals("DELETE")) bodies(method, path, random);
        }
        containerLevel();
        System.out.println("fuzz: " + sent + " malformed requests, " + failures.size() + " bad answers");
        assertThat(failures)
                .as("answers that were a 5xx or not a problem detail")
                .isEmpty();
        assertThat(sent).isGreaterThan(300);

        TestApi api = new TestApi("http://localhost:" + port);
        assertThat(api.get("/api/health").status()).isEqualTo(200);
        api.login("admin", ServerTestSupport.ADMIN_PASSWORD);
        assertThat(api.get("/api/jobs").status()).isEqualTo(200);
    }

    @Test
    void theRefusalsNameTheField() throws Exception {
        http = new RawHttp(port);
        TestApi api = new TestApi("http://localhost:" + port).login("admin", ServerTestSupport.ADMIN_PASSWORD);
        auth = "Authorization: Bearer " + api.token();

        Map<String, Object> job = validJob();
        job.put(
                "plan",
                Map.of(
                        "steps",
                        List.of(Map.of(
                                "id", "s1", "ops", List.of(Map.of("op", "run", "command", "true", "sudo", true))))));
        assertField(api.post("/api/jobs", job), 400, "plan.steps[0].ops[0].sudo");

        job = validJob();
        job.put("verify", Map.of("commands", List.of("echo " + "x".repeat(4_500_000))));
        assertField(api.post("/api/jobs", job), 400, "verify.commands[0]");
        job.put("verify", Map.of("commands", java.util.Collections.nCopies(8, "echo " + "x".repeat(10_000))));
        assertField(api.post("/api/jobs", job), 400, "verify.commands");
        job = validJob();
        job.put("goal", "x".repeat(4001));
        assertField(api.post("/api/jobs", job), 400, "goal");

        byte[] overlong = concat(utf8("{\"goal\": \".."), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("etc\"}"));
        RawHttp.Answer a = http.send(
                "POST /api/jobs HTTP/1.1\r\nHost: x\r\n" + auth
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + overlong.length,
                overlong);
        assertField(new TestApi.Response(a.status(), a.header("content-type"), a.text()), 400, "body");

        a = http.send("GET /api/jobs/nope/logs?stage=%C0%AF HTTP/1.1\r\nHost: x\r\n" + auth, null);
        assertField(new TestApi.Response(a.status(), a.header("content-type"), a.text()), 400, "stage");
        a = http.send("GET /api/nothing-here HTTP/1.1\r\nHost: x\r\n" + auth, null);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.header("content-type")).startsWith("application/problem+json");
    }

    private static void assertField(TestApi.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(r.body()).contains(field);
    }

    private void bodies(String method, String path, Random random) throws IOException {
        String valid = TestApi.JSON.writeValueAsString(validJob());
        for (int i = 0; i < 8; i++) json(method, path, mutate(valid, random));
        json(method, path, utf8("{\"goal\": \"unterminated"));
        json(
                method,
                path,
                utf8("{\"plan\":{\"steps\":[{\"ops\":[{\"op\":\"run\",\"options\":" + "{\"a\":".repeat(20_000) + "1"
                        + "}".repeat(20_000) + "}]}]}}"));
        json(method, path, utf8("[".repeat(50_000)));
        json(method, path, concat(utf8("{\"goal\": \"a"), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("\"}")));
        json(method, path, concat(utf8("{\"username\": \""), new byte[] {(byte) 0xFF, (byte) 0xFE}, utf8("\"}")));
        json(
                method,
                path,
                concat(utf8("{\"name\": \""), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("\"}")));
        json(method, path, utf8("{\"no_such_field\": 1, \"source\": \"x\", \"message\": \"hi\"}"));
        json(method, path, utf8("{\"goal\": \"\\u0000\", \"name\": \"\\u0000\", \"source\": \"\\u0000\"}"));
        json(method, path, utf8("null"));
        json(method, path, utf8("\"just a string\""));
        send(method, path, "Content-Type: text/plain", utf8("hello"));
        send(method, path, "Content-Type: application/json\r\nContent-Length: " + (LIMIT + 1), utf8("{}"));
        byte[] over = new byte[LIMIT + 4096];
        java.util.Arrays.fill(over, (byte) ' ');
        sendChunked(method, path, over);
    }

    private Map<String, Object> validJob() {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("repo", Map.of("kind", "git", "url", "file:///nonexistent/repo.git", "ref", "main"));
        job.put("goal", "a fuzzed goal");
        job.put(
                "plan",
                Map.of("steps", List.of(Map.of("id", "s1", "ops", List.of(Map.of("op", "run", "command", "true"))))));
        job.put("verify", Map.of("commands", List.of("true")));
        return job;
    }

    /** A seeded change to valid JSON: cut it, flip bytes, put a wrong value or an unknown key into a plan op. */
    static byte[] mutate(String valid, Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> utf8(valid.substring(0, random.nextInt(valid.length())));
            case 1 -> {
                byte[] b = utf8(valid);
                for (int k = 0; k < 3; k++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                yield b;
            }
            case 2 -> utf8(valid.replace("\"true\"", "{\"x\": [1, 2, {\"y\": null}]}"));
            case 3 -> utf8(valid.replace("\"op\":\"run\"", "\"op\":\"run\",\"sudo\":true"));
            case 4 -> utf8(valid.replace("\"true\"]", "\"" + "x".repeat(20_000 + random.nextInt(100_000)) + "\"]"));
            default -> utf8(valid.replace("a fuzzed goal", "\\ud800" + random.nextInt()));
        };
    }

    private void containerLevel() throws IOException {
        answer("GET /api/nothing-here", http.send("GET /api/nothing-here HTTP/1.1\r\nHost: x\r\n" + auth, null));
        answer("GET /nowhere", http.send("GET /nowhere/at/all HTTP/1.1\r\nHost: x", null));
        answer("bad method", http.send("FROB /api/jobs HTTP/1.1\r\nHost: x\r\n" + auth, null));
        answer("DELETE on GET", http.send("DELETE /api/jobs HTTP/1.1\r\nHost: x\r\n" + auth, null));
        answer("control in path", http.send("GET /api/jobs/a\u0001b HTTP/1.1\r\nHost: x\r\n" + auth, null));
        answer("bad percent", http.send("GET /api/jobs/%zz HTTP/1.1\r\nHost: x\r\n" + auth, null));
        answer("encoded slash", http.send("GET /api/jobs/a%2F..%2F..%2Fb HTTP/1.1\r\nHost: x\r\n" + auth, null));
        answer("overlong path", http.send("GET /api/jobs/%C0%AE%C0%AE HTTP/1.1\r\nHost: x\r\n" + auth, null));
        answer("no host", http.send("GET /api/health HTTP/1.1", null));
        answer("bad header", http.send("GET /api/health HTTP/1.1\r\nHost: x\r\nBad Header: y", null));
        answer("bad length", http.send("POST /api/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n" + auth, null));
        answer("long uri", http.send("GET /api/jobs?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x", null));
        answer("no token", http.send("GET /api/jobs HTTP/1.1\r\nHost: x", null));
        answer("bad token", http.send("GET /api/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer mat_%ff", null));
    }

    private void json(String method, String path, byte[] body) throws IOException {
        send(method, path, "Content-Type: application/json\r\nContent-Length: " + body.length, body);
    }

    private void check(String method, String path, byte[] body) throws IOException {
        send(method, path, "Content-Length: 0", body);
    }

    private void send(String method, String path, String headers, byte[] body) throws IOException {
        String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n" + headers;
        answer(method + " " + shorten(path), http.send(head, body));
    }

    private void sendChunked(String method, String path, byte[] body) throws IOException {
        String head =
                method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\nContent-Type: application/json";
        RawHttp.Answer a = http.sendChunked(head, body);
        answer(method + " " + path + " (chunked, over the limit)", a);
        if (a.status() != 413)
            failures.add(method + " " + path + " chunked over the limit: " + a.status() + " " + a.text());
    }

    private void answer(String request, RawHttp.Answer a) {
        sent++;
        boolean chatWithoutModel = request.contains("/api/chat") && a.status() == 503;
        if (a.status() >= 500 && !chatWithoutModel) {
            failures.add(request + " -> " + a.status() + " " + shorten(a.text()));
            return;
        }
        if (a.status() < 400) return;
        String type = String.valueOf(a.header("content-type"));
        if (!type.startsWith("application/problem+json")) {
            failures.add(request + " -> " + a.status() + " as " + type + ": " + shorten(a.text()));
            return;
        }
        JsonNode problem = TestApi.JSON.readTree(a.text());
        if (problem.path("status").asInt() != a.status()
                || problem.path("detail").asString("").isBlank()) {
            failures.add(request + " -> " + a.status() + " problem without status or detail: " + shorten(a.text()));
        }
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
