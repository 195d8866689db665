package ai.matrix.architect.audit;

import ai.matrix.architect.job.JobStatus;
import ai.matrix.architect.job.JobTransitionListener;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.job.StageStatus;
import jakarta.annotation.PreDestroy;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only audit log, a hash chain: entry n stores the hash of entry n-1 and its own hash, SHA-256 over
 * the previous hash and a canonical encoding of (seq, at, actor, action, target, details).
 *
 * <p>Appending happens in the caller's transaction (a change and its entry commit or roll back together) and is a
 * plain insert into {@code audit_intake}: transactions of different jobs never wait for each other here. After
 * the commit, {@link #chain()} moves committed entries into the chain under the {@code audit_head} row's lock,
 * one chaining step at a time across all processes; readers chain first, so they always see a whole chain. See
 * docs/adr/0009-audit-chain-off-the-commit-path.md.
 */
@Service
public class AuditLog implements JobTransitionListener {
    public static final String GENESIS = "0".repeat(64);

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final int CHAIN_BATCH = 500;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate chainTx;
    private final ObjectMapper canonical = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    /** Chains after commits, off the committing thread; one pending run is enough however many commits ask. */
    private final ExecutorService chainer = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("audit-chainer").unstarted(r));

    private final AtomicBoolean chainPending = new AtomicBoolean();

    public AuditLog(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.chainTx = new TransactionTemplate(transactions);
        this.chainTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
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
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String detailsJson = canonical.writeValueAsString(details == null ? Map.of() : details);
        jdbc.sql("insert into audit_intake (at, actor, action, target, details) values (?, ?, ?, ?, ?)")
                .params(at.atOffset(ZoneOffset.UTC), actor, action, target, detailsJson)
                .update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    chainSoon();
                }
            });
        } else {
            chainSoon();
        }
    }

    /** Asks the chainer thread for a run, unless one is already waiting to start. */
    void chainSoon() {
        if (!chainPending.compareAndSet(false, true)) return;
        try {
            chainer.execute(() -> {
                chainPending.set(false);
                chainQuietly();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            chainPending.set(false); // shutting down: the next start or reader chains what is left
        }
    }

    /** The safety net: entries of a process that died between its commit and its chaining are chained here. */
    @Scheduled(initialDelay = 5_000, fixedDelay = 5_000)
    void chainQuietly() {
        try {
            chain();
        } catch (RuntimeException e) {
            log.warn("audit entries could not be chained yet (next try soon): {}", e.getMessage());
        }
    }

    /**
     * Moves every committed entry of the intake into the chain, in the order of the intake, and returns how many.
     * The {@code audit_head} row's lock makes chaining steps of all processes run one at a time.
     */
    public int chain() {
        int total = 0;
        while (true) {
            Integer n = chainTx.execute(status -> chainBatch());
            if (n == null || n == 0) return total;
            total += n;
            if (n < CHAIN_BATCH) return total;
        }
    }

    private int chainBatch() {
        Map<String, Object> head = jdbc.sql("select seq, hash from audit_head where id = 1 for update")
                .query()
                .singleRow();
        long seq = ((Number) column(head, "seq")).longValue();
        String prev = (String) column(head, "hash");
        List<Map<String, Object>> rows = jdbc.sql("select * from audit_intake order by id limit " + CHAIN_BATCH)
                .query()
                .listOfRows();
        if (rows.isEmpty()) return 0;
        List<Long> ids = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            seq++;
            Instant at = instant(column(row, "at"));
            String actor = (String) column(row, "actor");
            String action = (String) column(row, "action");
            String target = (String) column(row, "target");
            String details = (String) column(row, "details");
            String hash = hash(prev, seq, at, actor, action, target, details);
            jdbc.sql("insert into audit_log (seq, at, actor, action, target, details, prev_hash, hash)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(seq, at.atOffset(ZoneOffset.UTC), actor, action, target, details, prev, hash)
                    .update();
            prev = hash;
            ids.add(((Number) column(row, "id")).longValue());
        }
        jdbc.sql("delete from audit_intake where id in (:ids)")
                .param("ids", ids)
                .update();
        jdbc.sql("update audit_head set seq = ?, hash = ? where id = 1")
                .params(seq, prev)
                .update();
        return rows.size();
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case OffsetDateTime o -> o.toInstant();
            case java.sql.Timestamp t -> t.toInstant();
            case Instant i -> i;
            default -> throw new IllegalStateException("unexpected time value " + value.getClass());
        };
    }

    @PreDestroy
    void stopChaining() {
        chainer.shutdown();
    }

    /** A column of a row map, whatever case the database gives its keys (H2: upper case). */
    public static Object column(Map<String, Object> row, String key) {
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

    /** The chain hash of one entry: SHA-256 over the previous hash and the entry's canonical encoding. */
    public String hash(String prev, long seq, Instant at, String actor, String action, String target, String details) {
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
        chain();
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
        chain();
        return chainTx.execute(status -> verifyWhileHeadLocked());
    }

    /** With the head locked no chaining step runs, so the walk and the head describe the same chain. */
    private Verification verifyWhileHeadLocked() {
        Map<String, Object> head = jdbc.sql("select seq, hash from audit_head where id = 1 for update")
                .query()
                .singleRow();
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
        long headSeq = ((Number) column(head, "seq")).longValue();
        if (headSeq != count[0] || !prev[0].equals(column(head, "hash"))) {
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
