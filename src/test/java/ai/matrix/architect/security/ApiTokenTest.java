package ai.matrix.architect.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** API tokens: shown once, stored hashed, used like JWTs, capped by the creator's role, revocable, expiring. */
class ApiTokenTest extends SecurityTestSupport {

    @Test
    void createUseListAndRevoke() {
        String op = user("tk-op", "operator");
        Reply created = call("POST", "/api/tokens", op, Map.of("name", "ci", "role", "operator", "expires_in", 3600));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        String token = created.json().get("token").asString();
        assertThat(id).startsWith("tok_");
        assertThat(token).startsWith("mat_").hasSizeGreaterThan(40);
        assertThat(created.json().get("expires_at").asString()).isNotBlank();

        assertThat(call("GET", "/api/jobs", token, null).status()).isEqualTo(200);
        Reply job = call("POST", "/api/jobs", token, idleJob(null));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        assertThat(job.json().get("created_by").asString()).isEqualTo("tk-op");
        String jobId = job.json().get("id").asString();
        // the audit log names the token behind the user
        Reply audit = call("GET", "/api/audit?target=" + jobId, admin(), null);
        assertThat(audit.json()
                        .get("items")
                        .valueStream()
                        .map(e -> e.get("actor").asString()))
                .contains("tk-op (" + id + ")");

        Reply list = call("GET", "/api/tokens", op, null);
        JsonNode mine = list.json()
                .get("items")
                .valueStream()
                .filter(t -> t.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(mine.has("token")).isFalse();
        assertThat(mine.get("last_used_at").isNull()).isFalse();
        assertThat(list.body()).doesNotContain(token);

        // only the SHA-256 is kept
        long plain = jdbc.sql("select count(*) from api_tokens where token_hash = ? or name = ? or id = ?")
                .params(token, token, token)
                .query(Long.class)
                .single();
        assertThat(plain).isZero();
        assertThat(jdbc.sql("select token_hash from api_tokens where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo(ApiTokens.sha256(token));

        // someone else cannot revoke it; its owner can, and then it is refused
        String other = user("tk-other", "operator");
        assertThat(call("DELETE", "/api/tokens/" + id, other, null).status()).isEqualTo(404);
        assertThat(call("DELETE", "/api/tokens/" + id, op, null).status()).isEqualTo(204);
        assertThat(call("GET", "/api/jobs", token, null).status()).isEqualTo(401);
        assertThat(call("GET", "/api/jobs", "mat_made-up-token", null).status()).isEqualTo(401);
    }

    @Test
    void aTokenCannotExceedItsCreatorsRole() {
        String viewer = user("tk-viewer", "viewer");
        Reply tooHigh = call("POST", "/api/tokens", viewer, Map.of("name", "x", "role", "operator"));
        assertThat(tooHigh.status()).isEqualTo(403);
        Reply ok = call("POST", "/api/tokens", viewer, Map.of("name", "x", "role", "viewer"));
        assertThat(ok.status()).isEqualTo(201);
        String token = ok.json().get("token").asString();
        assertThat(call("POST", "/api/jobs", token, idleJob(null)).status()).isEqualTo(403);
        // a token cannot mint a stronger token either
        assertThat(call("POST", "/api/tokens", token, Map.of("name", "y", "role", "admin"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void demotingTheCreatorLowersTheToken() {
        String op = user("tk-demoted", "operator");
        Reply created = call("POST", "/api/tokens", op, Map.of("name", "ci", "role", "operator"));
        String token = created.json().get("token").asString();
        assertThat(call("POST", "/api/jobs", token, idleJob(null)).status()).isEqualTo(201);
        assertThat(call("PATCH", "/api/users/tk-demoted", admin(), Map.of("role", "viewer"))
                        .status())
                .isEqualTo(200);
        assertThat(call("POST", "/api/jobs", token, idleJob(null)).status()).isEqualTo(403);
        assertThat(call("GET", "/api/jobs", token, null).status()).isEqualTo(200);
    }

    @Test
    void expiredTokensAreRefused() {
        String op = user("tk-expiry", "operator");
        assertThat(call("POST", "/api/tokens", op, Map.of("name", "x", "expires_in", 0))
                        .status())
                .isEqualTo(400);
        Reply created = call("POST", "/api/tokens", op, Map.of("name", "short", "expires_in", 60));
        String token = created.json().get("token").asString();
        assertThat(call("GET", "/api/jobs", token, null).status()).isEqualTo(200);
        jdbc.sql("update api_tokens set expires_at = ? where id = ?")
                .params(
                        java.time.OffsetDateTime.now().minusSeconds(1),
                        created.json().get("id").asString())
                .update();
        assertThat(call("GET", "/api/jobs", token, null).status()).isEqualTo(401);
    }
}
