package ai.matrix.architect.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.matrix.architect.cli.SampleRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The audit log after a real job ran through every stage: each job state change has exactly one entry, the chain
 * verifies, and editing, deleting or reordering rows in the database is reported at the first bad entry.
 */
class AuditLogTest extends SecurityTestSupport {

    private String runJob() {
        Reply created = call("POST", "/api/jobs", admin(), SampleRepository.jobRequest(sampleRepo("audited")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    String status = call("GET", "/api/jobs/" + id, admin(), null)
                            .json()
                            .get("status")
                            .asString();
                    return List.of("succeeded", "failed", "cancelled", "rejected")
                            .contains(status);
                });
        return id;
    }

    private JsonNode verify() {
        Reply r = call("GET", "/api/audit/verify", admin(), null);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    @Test
    void everyTransitionIsAuditedOnceAndTamperingIsFound() {
        String id = runJob();
        assertThat(call("GET", "/api/jobs/" + id, admin(), null)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("succeeded");

        // exactly one audit entry per job state change, in the same order
        List<String> events = jdbc
                .sql("select data from job_events where job_id = ? and type = 'job' order by id")
                .param(id)
                .query(String.class)
                .list()
                .stream()
                .map(d -> {
                    JsonNode n = JSON.readTree(d);
                    return n.get("status").asString() + "/" + text(n.get("stage")) + "/" + text(n.get("stage_status"));
                })
                .toList();
        Reply audit = call("GET", "/api/audit?target=" + id + "&action=job.transition&limit=1000", admin(), null);
        List<String> entries = audit.json()
                .get("items")
                .valueStream()
                .map(e -> e.get("details"))
                .map(d -> d.get("status").asString() + "/" + text(d.get("stage")) + "/" + text(d.get("stage_status")))
                .toList()
                .reversed();
        assertThat(events).hasSizeGreaterThanOrEqualTo(8);
        assertThat(entries).isEqualTo(events);
        assertThat(audit.json().get("items").get(0).get("actor").asString()).isEqualTo("system");
        assertThat(audit.json()
                        .get("items")
                        .valueStream()
                        .map(e -> e.get("actor").asString()))
                .contains("admin"); // created and queued through the API

        JsonNode ok = verify();
        assertThat(ok.get("ok").asBoolean()).as(ok.toString()).isTrue();
        assertThat(ok.get("head").asString()).hasSize(64);

        long first = jdbc.sql("select min(seq) from audit_log where target = ?")
                .param(id)
                .query(Long.class)
                .single();
        long k = first + 2;
        Map<String, Object> row = jdbc.sql("select * from audit_log where seq = ?")
                .param(k)
                .query()
                .singleRow();
        Map<String, Object> next = jdbc.sql("select * from audit_log where seq = ?")
                .param(k + 1)
                .query()
                .singleRow();

        // an edited entry
        jdbc.sql("update audit_log set details = ? where seq = ?")
                .params("{\"status\":\"succeeded\"}", k)
                .update();
        assertBad(k, "hash mismatch");
        jdbc.sql("update audit_log set details = ? where seq = ?")
                .params(value(row, "details"), k)
                .update();
        assertThat(verify().get("ok").asBoolean()).isTrue();

        // an edited actor, with its hash recomputed by someone without the rest of the chain in mind
        jdbc.sql("update audit_log set actor = 'mallory' where seq = ?")
                .param(k)
                .update();
        assertBad(k, "hash mismatch");
        jdbc.sql("update audit_log set actor = ? where seq = ?")
                .params(value(row, "actor"), k)
                .update();

        // a deleted entry
        jdbc.sql("delete from audit_log where seq = ?").param(k).update();
        assertBad(k, "missing");
        insert(row);
        assertThat(verify().get("ok").asBoolean()).isTrue();

        // two entries swapped
        jdbc.sql("update audit_log set seq = -1 where seq = ?").param(k).update();
        jdbc.sql("update audit_log set seq = ? where seq = ?").params(k, k + 1).update();
        jdbc.sql("update audit_log set seq = ? where seq = -1").param(k + 1).update();
        assertBad(k, "previous hash");
        jdbc.sql("delete from audit_log where seq in (?, ?)").params(k, k + 1).update();
        insert(row);
        insert(next);
        assertThat(verify().get("ok").asBoolean()).isTrue();

        // the last entries cut off: the head no longer matches
        long last = jdbc.sql("select max(seq) from audit_log").query(Long.class).single();
        Map<String, Object> tail = jdbc.sql("select * from audit_log where seq = ?")
                .param(last)
                .query()
                .singleRow();
        jdbc.sql("delete from audit_log where seq = ?").param(last).update();
        JsonNode cut = verify();
        assertThat(cut.get("ok").asBoolean()).isFalse();
        assertThat(cut.get("first_bad_seq").asLong()).isEqualTo(last);
        insert(tail);
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    @Test
    void userProjectAndTokenChangesAreAudited() {
        user("au-user", "viewer");
        call("PATCH", "/api/users/au-user", admin(), Map.of("role", "operator"));
        call("POST", "/api/projects", admin(), Map.of("name", "au-project"));
        call("PUT", "/api/projects/au-project/members/au-user", admin(), Map.of("role", "viewer"));
        List<String> actions = call("GET", "/api/audit?limit=1000", admin(), null)
                .json()
                .get("items")
                .valueStream()
                .filter(e -> e.get("target").asString().contains("au-"))
                .map(e -> e.get("actor").asString() + " " + e.get("action").asString() + " "
                        + e.get("target").asString())
                .toList();
        assertThat(actions)
                .contains(
                        "admin user.create user:au-user",
                        "admin user.update user:au-user",
                        "admin project.create project:au-project",
                        "admin project.member.put project:au-project");
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @org.springframework.beans.factory.annotation.Autowired
    ai.matrix.architect.audit.AuditLog auditLog;

    @Test
    void concurrentAppendsChainInCommitOrder() throws Exception {
        auditLog.chain(); // the table itself, not the API, is read here: chain what has committed first
        long before =
                jdbc.sql("select count(*) from audit_log").query(Long.class).single();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        int n = i;
                        tx.executeWithoutResult(
                                s -> auditLog.appendAs("tester", "test.append", "thread-" + thread, Map.of("n", n)));
                    }
                }));
            }
            for (var f : done) f.get();
        }
        // a rolled-back change leaves no entry and no gap
        try {
            tx.executeWithoutResult(s -> {
                auditLog.appendAs("tester", "test.rollback", "none", Map.of());
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // the change and its entry went together
        }
        auditLog.chain();
        assertThat(jdbc.sql("select count(*) from audit_intake")
                        .query(Long.class)
                        .single())
                .isZero();
        long after =
                jdbc.sql("select count(*) from audit_log").query(Long.class).single();
        assertThat(after - before).isGreaterThanOrEqualTo(200);
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'test.rollback'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    private void assertBad(long seq, String reason) {
        JsonNode bad = verify();
        assertThat(bad.get("ok").asBoolean()).isFalse();
        assertThat(bad.get("first_bad_seq").asLong()).as(bad.toString()).isEqualTo(seq);
        assertThat(bad.get("reason").asString()).contains(reason);
    }

    private void insert(Map<String, Object> row) {
        jdbc.sql("insert into audit_log (seq, at, actor, action, target, details, prev_hash, hash)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        value(row, "seq"),
                        value(row, "at"),
                        value(row, "actor"),
                        value(row, "action"),
                        value(row, "target"),
                        value(row, "details"),
                        value(row, "prev_hash"),
                        value(row, "hash"))
                .update();
    }

    private static Object value(Map<String, Object> row, String key) {
        return row.containsKey(key) ? row.get(key) : row.get(key.toUpperCase(java.util.Locale.ROOT));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "-" : n.asString();
    }
}
