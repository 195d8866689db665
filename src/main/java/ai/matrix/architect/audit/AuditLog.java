package ai.matrix.architect.audit;

import ai.matrix.architect.job.JobStatus;
import ai.matrix.architect.job.JobTransitionListener;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.job.StageStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only audit log, a hash chain: entry n stores the hash of entry n-1 and its own hash, SHA-256 over
 * the previous hash and a canonical encoding of (seq, at, actor, action, target, details). Appending locks
 * the single {@code audit_head} row, so entries are chained in commit order, and always happens in the caller's
 * transaction: a change and its entry commit or roll back together.
 */
@Service
public class AuditLog implements JobTransitionListener {
    public static final String GENESIS = "0".repeat(64);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ObjectMapper canonical = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    public AuditLog(JdbcClient jdbc, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
    }

    public record Entry(
            long seq,
            Instant at,
            String actor,
            String action,
            String target,
            JsonNode details,
            String prevHash,
            String hash) {}

    /** Appends one entry in the current transaction; the actor is the authenticated caller, else {@code system}. */
    @Transactional(propagation = Propagation.REQUIRED)
    public void append(String action, String target, Map<String, ?> details) {
        appendAs(currentActor(), action, target, details);
    }

    @Transactional(propagation = Propagation.REQUIRED)
    public void appendAs(String actor, String action, String target, Map<String, ?> details) {
        jdbc.sql("update audit_head set seq = seq + 1 where id = 1").update();
        Map<String, Object> head = jdbc.sql("select seq, hash from audit_head where id = 1")
                .query()
                .singleRow();
        long seq = ((Number) value(head, "seq")).longValue();
        String prev = (String) value(head, "hash");
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String detailsJson = canonical.writeValueAsString(details == null ? Map.of() : details);
        String hash = hash(prev, seq, at, actor, action, target, detailsJson);
        jdbc.sql("insert into audit_log (seq, at, actor, action, target, details, prev_hash, hash)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(seq, at.atOffset(ZoneOffset.UTC), actor, action, target, detailsJson, prev, hash)
                .update();
        jdbc.sql("update audit_head set hash = ? where id = 1").param(hash).update();
    }

    private static Object value(Map<String, Object> row, String key) {
        Object v = row.get(key);
        return v != null ? v : row.get(key.toUpperCase(java.util.Locale.ROOT));
    }

    /** One entry per job or stage transition, whoever makes it (a user through the API, or a worker). */
    @Override
    public void jobChanged(String jobId, JobStatus status, StageName stage, StageStatus stageStatus) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", status.wire());
        if (stage != null) details.put("stage", stage.name());
        if (stageStatus != null) details.put("stage_status", stageStatus.wire());
        append("job.transition", jobId, details);
    }

    static String currentActor() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth.getName() == null) return "system";
        if (auth.getDetails() instanceof CharSequence d && d.toString().startsWith("token:")) {
            return auth.getName() + " (" + d.toString().substring("token:".length()) + ")";
        }
        return auth.getName();
    }

    String hash(String prev, long seq, Instant at, String actor, String action, String target, String details) {
        List<Object> fields = new ArrayList<>();
        fields.add(seq);
        fields.add(at.toString());
        fields.add(actor);
        fields.add(action);
        fields.add(target);
        fields.add(details);
        String encoded = prev + "\n" + canonical.writeValueAsString(fields);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(encoded.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Page(List<Entry> items, String nextCursor) {}

    /** Newest first; filters are optional. */
    public Page list(String target, String actor, String action, Long beforeSeq, int limit) {
        StringBuilder sql = new StringBuilder("select * from audit_log where 1=1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (target != null) {
            sql.append(" and target = :target");
            params.put("target", target);
        }
        if (actor != null) {
            sql.append(" and actor = :actor");
            params.put("actor", actor);
        }
        if (action != null) {
            sql.append(" and action = :action");
            params.put("action", action);
        }
        if (beforeSeq != null) {
            sql.append(" and seq < :before");
            params.put("before", beforeSeq);
        }
        sql.append(" order by seq desc limit :limit");
        params.put("limit", limit + 1);
        List<Entry> rows =
                jdbc.sql(sql.toString()).params(params).query(this::map).list();
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = Long.toString(rows.get(rows.size() - 1).seq());
        }
        return new Page(rows, next);
    }

    private Entry map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Entry(
                rs.getLong("seq"),
                rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("target"),
                canonical.readTree(rs.getString("details")),
                rs.getString("prev_hash"),
                rs.getString("hash"));
    }

    public record Verification(boolean ok, long entries, String head, Long firstBadSeq, String reason) {}

    /** Walks the chain from the start: ok with the head hash, or the first entry that does not fit. */
    public Verification verify() {
        long[] count = {0};
        long[] expected = {1};
        String[] prev = {GENESIS};
        Verification[] bad = {null};
        jdbc.sql("select seq, at, actor, action, target, details, prev_hash, hash from audit_log order by seq")
                .query(rs -> {
                    count[0]++;
                    if (bad[0] != null) return;
                    long seq = rs.getLong("seq");
                    if (seq != expected[0]) {
                        bad[0] = new Verification(
                                false,
                                0,
                                null,
                                expected[0],
                                seq > expected[0] ? "entry " + expected[0] + " is missing" : "sequence out of order");
                        return;
                    }
                    Instant at = rs.getObject("at", OffsetDateTime.class).toInstant();
                    String stored = rs.getString("hash");
                    if (!prev[0].equals(rs.getString("prev_hash"))) {
                        bad[0] = new Verification(
                                false, 0, null, seq, "previous hash does not match entry " + (seq - 1));
                        return;
                    }
                    String computed = hash(
                            prev[0],
                            seq,
                            at,
                            rs.getString("actor"),
                            rs.getString("action"),
                            rs.getString("target"),
                            rs.getString("details"));
                    if (!computed.equals(stored)) {
                        bad[0] = new Verification(false, 0, null, seq, "hash mismatch");
                        return;
                    }
                    prev[0] = stored;
                    expected[0]++;
                });
        if (bad[0] != null) {
            return new Verification(false, count[0], null, bad[0].firstBadSeq(), bad[0].reason());
        }
        Map<String, Object> head = jdbc.sql("select seq, hash from audit_head where id = 1")
                .query()
                .singleRow();
        long headSeq = ((Number) value(head, "seq")).longValue();
        if (headSeq != count[0] || !prev[0].equals(value(head, "hash"))) {
            return new Verification(
                    false,
                    count[0],
                    null,
                    count[0] + 1,
                    "the log ends at entry " + count[0] + " but its head says " + headSeq + ": entries were removed");
        }
        return new Verification(true, count[0], prev[0], null, null);
    }
}
