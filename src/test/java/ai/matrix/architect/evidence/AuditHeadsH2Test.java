package ai.matrix.architect.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.audit.AuditLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signed audit heads: someone who can write the database rewrites an entry and recomputes the hash chain after it
 * (no key needed for that), so the chain alone verifies; the signed heads catch it. Also: heads are kept in the
 * database, exported as files, served at {@code GET /api/audit/heads}, and counted by {@code GET /api/audit/verify}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditHeadsH2Test {
    static final Path ROOT;
    static final String PASSWORD = "audit-heads-password-1";

    static {
        try {
            ROOT = Files.createTempDirectory("audit-heads").toRealPath();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("architect.data-dir", () -> ROOT.resolve("data").toString());
        r.add("architect.repo-roots", () -> ROOT.resolve("repos").toString());
        r.add("architect.admin-password", () -> PASSWORD);
    }

    @LocalServerPort
    int port;

    @Autowired
    AuditLog audit;

    @Autowired
    AuditHeads heads;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aConsistentRewriteOfTheChainIsCaughtByTheSignedHeads() throws Exception {
        for (int i = 0; i < 5; i++) audit.appendAs("alice", "test.entry", "t-" + i, Map.of("n", i));
        AuditHeads.SignedHead first = heads.sign().orElseThrow();
        assertThat(heads.sign()).as("an unmoved head is not signed again").isEmpty();
        audit.appendAs("alice", "test.entry", "t-5", Map.of("n", 5));
        AuditHeads.SignedHead second = heads.sign().orElseThrow();
        assertThat(second.previous()).isEqualTo(first.payloadSha256());
        assertThat(second.sequence()).isGreaterThan(first.sequence());
        // a stopping process signs what moved since the last signed head
        audit.appendAs("alice", "test.entry", "t-6", Map.of("n", 6));
        heads.signOnShutdown();
        assertThat(heads.list(1).getFirst().previous()).isEqualTo(second.payloadSha256());
        AuditHeads.SignedHead latest = heads.list(1).getFirst();
        assertThat(latest.sequence()).isGreaterThan(second.sequence());
        assertThat(heads.verify().ok()).isTrue();
        try (Stream<Path> files = Files.list(ROOT.resolve("data/audit-heads"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .contains(String.format("%08d-seq-%d.intoto.json", latest.id(), latest.sequence()));
        }

        String token = login();
        JsonNode listed = get("/api/audit/heads", token);
        assertThat(listed.path("items").get(0).path("sequence").asLong()).isEqualTo(latest.sequence());
        assertThat(listed.path("items").get(0).path("envelope").asString()).contains("payloadType");
        assertThat(get("/api/audit/verify", token)
                        .path("signed_heads")
                        .path("ok")
                        .asBoolean())
                .isTrue();

        // the attacker changes one entry before the first signed head and rebuilds the chain from there
        long target = first.sequence() - 2;
        rewriteFrom(target);
        assertThat(audit.verify().ok())
                .as("the recomputed chain holds by itself")
                .isTrue();
        AuditHeads.Check check = heads.verify();
        assertThat(check.ok()).isFalse();
        assertThat(check.badSequence()).isEqualTo(first.sequence());
        assertThat(check.reason())
                .contains("entry " + first.sequence() + " hashes to")
                .contains("the log up to it was rewritten");
        JsonNode verified = get("/api/audit/verify", token);
        assertThat(verified.path("ok").asBoolean()).isFalse();
        assertThat(verified.path("signed_heads").path("reason").asString()).contains("was rewritten");
    }

    /** Changes entry {@code from}'s details and recomputes every hash after it, and the head, as an attacker can. */
    private void rewriteFrom(long from) {
        audit.chain();
        List<Map<String, Object>> rows = jdbc.sql("select * from audit_log where seq >= ? order by seq")
                .param(from)
                .query()
                .listOfRows();
        String prev = jdbc.sql("select hash from audit_log where seq = ?")
                .param(from - 1)
                .query(String.class)
                .optional()
                .orElse(AuditLog.GENESIS);
        for (Map<String, Object> row : rows) {
            long seq = ((Number) v(row, "seq")).longValue();
            String details = seq == from ? "{\"n\":999}" : (String) v(row, "details");
            Instant at = ((OffsetDateTime) jdbc.sql("select at from audit_log where seq = ?")
                            .param(seq)
                            .query(OffsetDateTime.class)
                            .single())
                    .toInstant();
            String hash = audit.hash(
                    prev,
                    seq,
                    at,
                    (String) v(row, "actor"),
                    (String) v(row, "action"),
                    (String) v(row, "target"),
                    details);
            jdbc.sql("update audit_log set details = ?, prev_hash = ?, hash = ? where seq = ?")
                    .params(details, prev, hash, seq)
                    .update();
            prev = hash;
        }
        jdbc.sql("update audit_head set hash = ? where id = 1").param(prev).update();
    }

    private static Object v(Map<String, Object> row, String key) {
        Object o = row.get(key);
        return o != null ? o : row.get(key.toUpperCase(java.util.Locale.ROOT));
    }

    private String login() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/token"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JsonMapper.builder()
                .build()
                .readTree(r.body())
                .path("access_token")
                .asString();
    }

    private JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(r.body());
    }
}
