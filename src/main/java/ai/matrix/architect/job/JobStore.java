package ai.matrix.architect.job;

import ai.matrix.architect.secret.Redactor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Jobs and their stages in the database. Callers own the transactions. */
@Repository
public class JobStore {
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Redactor redactor;

    /** Stage summaries, outputs and errors are stored with every secret value this process handed out masked. */
    public JobStore(JdbcClient jdbc, ObjectMapper json, Redactor redactor) {
        this.jdbc = jdbc;
        this.json = json;
        this.redactor = redactor;
    }

    public void insert(String id, JobRequest spec, String repoDisplay, String project, String createdBy, Instant now) {
        jdbc.sql("""
                insert into jobs (id, status, priority, project, repo_display, spec, plan, created_by, created_at, branch)
                values (:id, :status, :priority, :project, :repo, :spec, :plan, :by, :at, :branch)""")
                .param("id", id)
                .param("status", JobStatus.CREATED.wire())
                .param("priority", spec.priority().name())
                .param("project", project)
                .param("repo", repoDisplay)
                .param("spec", json.writeValueAsString(spec))
                .param("plan", spec.plan() == null ? null : json.writeValueAsString(spec.plan()))
                .param("by", createdBy)
                .param("at", ts(now))
                .param("branch", branchOf(id, spec))
                .update();
        for (StageName stage : StageName.values()) {
            jdbc.sql("insert into stages (job_id, name, position, status) values (?, ?, ?, ?)")
                    .params(id, stage.name(), stage.ordinal(), StageStatus.PENDING.wire())
                    .update();
        }
    }

    private static String branchOf(String id, JobRequest spec) {
        if (spec.publish() != null && spec.publish().branch() != null)
            return spec.publish().branch();
        return "architect/" + id;
    }

    public Optional<Job> find(String id) {
        List<Job> jobs = jdbc.sql("select * from jobs where id = ?")
                .param(id)
                .query(this::mapJob)
                .list();
        if (jobs.isEmpty()) return Optional.empty();
        Map<String, List<StageRecord>> stages = stagesOf(List.of(id));
        return Optional.of(withStages(jobs.get(0), stages.get(id)));
    }

    public Job get(String id) {
        return find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    public JobPage list(JobQuery q) {
        StringBuilder sql = new StringBuilder("select * from jobs where 1=1");
        Map<String, Object> params = new HashMap<>();
        if (q.status() != null) {
            sql.append(" and status = :status");
            params.put("status", q.status().wire());
        }
        if (q.stage() != null) {
            sql.append(" and stage = :stage");
            params.put("stage", q.stage().name());
        }
        if (q.createdBy() != null) {
            sql.append(" and created_by = :by");
            params.put("by", q.createdBy());
        }
        if (q.repo() != null) {
            sql.append(" and repo_display like :repo");
            params.put("repo", "%" + q.repo().replace("%", "").replace("_", "") + "%");
        }
        if (q.projects() != null) {
            if (q.projects().isEmpty()) return new JobPage(List.of(), null);
            sql.append(" and project in (:projects)");
            params.put("projects", q.projects());
        }
        if (q.cursor() != null) {
            sql.append(" and id < :cursor");
            params.put("cursor", q.cursor());
        }
        sql.append(" order by id desc limit :limit");
        params.put("limit", q.limit() + 1);
        List<Job> rows =
                jdbc.sql(sql.toString()).params(params).query(this::mapJob).list();
        String next = null;
        if (rows.size() > q.limit()) {
            rows = rows.subList(0, q.limit());
            next = rows.get(rows.size() - 1).id();
        }
        Map<String, List<StageRecord>> stages =
                stagesOf(rows.stream().map(Job::id).toList());
        List<Job> items = new ArrayList<>();
        for (Job j : rows) items.add(withStages(j, stages.get(j.id())));
        return new JobPage(items, next);
    }

    /** Moves the job from one of the expected statuses to another; false when it was not in any of them. */
    public boolean transition(String id, List<JobStatus> from, JobStatus to, Instant now) {
        StringBuilder sql = new StringBuilder("update jobs set status = :to");
        if (to == JobStatus.RUNNING) sql.append(", started_at = coalesce(started_at, :now)");
        if (to.isFinal()) sql.append(", finished_at = :now");
        sql.append(" where id = :id and status in (:from)");
        return jdbc.sql(sql.toString())
                        .param("to", to.wire())
                        .param("now", ts(now))
                        .param("id", id)
                        .param("from", from.stream().map(JobStatus::wire).toList())
                        .update()
                > 0;
    }

    public void setStage(String id, StageName stage) {
        jdbc.sql("update jobs set stage = ? where id = ?")
                .params(stage.name(), id)
                .update();
    }

    public void setError(String id, String error) {
        jdbc.sql("update jobs set error = ? where id = ?")
                .params(redactor.redact(error), id)
                .update();
    }

    public void requestCancel(String id) {
        jdbc.sql("update jobs set cancel_requested = true where id = ?")
                .param(id)
                .update();
    }

    public boolean cancelRequested(String id) {
        return jdbc.sql("select cancel_requested from jobs where id = ?")
                .param(id)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    public void clearForRetry(String id) {
        jdbc.sql("update jobs set error = null, cancel_requested = false, finished_at = null where id = ?")
                .param(id)
                .update();
    }

    /** Keeps the propagation fields (e.g. {@code traceparent}) that let the job's stages join its creator's trace. */
    public void setTraceContext(String id, Map<String, String> fields) {
        jdbc.sql("update jobs set trace_context = ? where id = ?")
                .params(fields.isEmpty() ? null : json.writeValueAsString(fields), id)
                .update();
    }

    /** The propagation fields kept at creation; empty for a job created without them. */
    public Map<String, String> traceContext(String id) {
        return jdbc.sql("select trace_context from jobs where id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .map(text -> json.readValue(text, new TypeReference<Map<String, String>>() {}))
                .orElse(Map.of());
    }

    /** Writes what a stage learnt about the job itself (commits, plan, evidence, gate decision). */
    public void updateFacts(String id, JobFacts facts) {
        if (facts.plan() != null) column(id, "plan", json.writeValueAsString(facts.plan()));
        if (facts.evidence() != null) column(id, "evidence", json.writeValueAsString(facts.evidence()));
        if (facts.gate() != null) column(id, "gate", json.writeValueAsString(facts.gate()));
        if (facts.baseCommit() != null) column(id, "base_commit", facts.baseCommit());
        if (facts.resultCommit() != null) column(id, "result_commit", facts.resultCommit());
    }

    private void column(String id, String column, String value) {
        // column names come from the fixed list in updateFacts, never from input
        jdbc.sql("update jobs set " + column + " = ? where id = ?")
                .params(redactor.redact(value), id)
                .update();
    }

    public int startStage(String id, StageName stage, String worker, Instant now) {
        jdbc.sql("""
                update stages set status = 'running', attempts = attempts + 1, started_at = ?, finished_at = null,
                worker = ?, summary = null where job_id = ? and name = ?""").params(ts(now), worker, id, stage.name()).update();
        return jdbc.sql("select attempts from stages where job_id = ? and name = ?")
                .params(id, stage.name())
                .query(Integer.class)
                .single();
    }

    public void finishStage(
            String id, StageName stage, StageStatus status, String summary, JsonNode output, Instant now) {
        jdbc.sql("update stages set status = ?, summary = ?, output = ?, finished_at = ? where job_id = ? and name = ?")
                .params(
                        status.wire(),
                        redactor.redact(summary),
                        output == null ? null : redactor.redact(json.writeValueAsString(output)),
                        ts(now),
                        id,
                        stage.name())
                .update();
    }

    /** Puts {@code from} and every later stage back to pending, for a retry that starts at {@code from}. */
    public void resetStagesFrom(String id, StageName from) {
        List<String> names = java.util.Arrays.stream(StageName.values())
                .filter(s -> s.ordinal() >= from.ordinal())
                .map(Enum::name)
                .toList();
        jdbc.sql("update stages set status = 'pending', summary = null, finished_at = null"
                        + " where job_id = :id and name in (:names)")
                .param("id", id)
                .param("names", names)
                .update();
    }

    /**
     * Puts every stage that did not finish back to pending, for a retry: those that failed or were running, and
     * those skipped without ever starting because the job ended before them.
     */
    public void resetUnfinishedStages(String id) {
        jdbc.sql("update stages set status = 'pending', summary = null, finished_at = null"
                        + " where job_id = ? and (status in ('failed', 'running', 'pending')"
                        + " or (status = 'skipped' and attempts = 0))")
                .param(id)
                .update();
    }

    /** Marks the stages that never started as skipped with the reason (the job ended before them). */
    public void skipPendingStages(String id, String reason, Instant now) {
        jdbc.sql("update stages set status = 'skipped', summary = ?, finished_at = ? where job_id = ?"
                        + " and status = 'pending'")
                .params(reason, ts(now), id)
                .update();
    }

    public void failRunningStage(String id, String reason, Instant now) {
        jdbc.sql("update stages set status = 'failed', summary = ?, finished_at = ? where job_id = ?"
                        + " and status = 'running'")
                .params(reason, ts(now), id)
                .update();
    }

    private Map<String, List<StageRecord>> stagesOf(List<String> ids) {
        Map<String, List<StageRecord>> result = new HashMap<>();
        if (ids.isEmpty()) return result;
        jdbc.sql("select * from stages where job_id in (:ids) order by job_id, position")
                .param("ids", ids)
                .query(rs -> {
                    result.computeIfAbsent(rs.getString("job_id"), k -> new ArrayList<>())
                            .add(new StageRecord(
                                    StageName.valueOf(rs.getString("name")),
                                    StageStatus.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)),
                                    rs.getInt("attempts"),
                                    instant(rs, "started_at"),
                                    instant(rs, "finished_at"),
                                    rs.getString("summary"),
                                    rs.getString("worker"),
                                    node(rs.getString("output"))));
                });
        return result;
    }

    private Job withStages(Job j, List<StageRecord> stages) {
        return new Job(
                j.id(),
                j.status(),
                j.stage(),
                j.priority(),
                j.project(),
                j.repoDisplay(),
                j.spec(),
                j.plan(),
                j.evidence(),
                j.gate(),
                j.createdBy(),
                j.createdAt(),
                j.startedAt(),
                j.finishedAt(),
                j.baseCommit(),
                j.resultCommit(),
                j.branch(),
                j.error(),
                j.cancelRequested(),
                stages == null ? List.of() : List.copyOf(stages));
    }

    private Job mapJob(ResultSet rs, int row) throws SQLException {
        String stage = rs.getString("stage");
        return new Job(
                rs.getString("id"),
                JobStatus.fromWire(rs.getString("status")),
                stage == null ? null : StageName.valueOf(stage),
                Priority.valueOf(rs.getString("priority")),
                rs.getString("project"),
                rs.getString("repo_display"),
                json.readValue(rs.getString("spec"), JobRequest.class),
                node(rs.getString("plan")),
                node(rs.getString("evidence")),
                node(rs.getString("gate")),
                rs.getString("created_by"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getString("base_commit"),
                rs.getString("result_commit"),
                rs.getString("branch"),
                rs.getString("error"),
                rs.getBoolean("cancel_requested"),
                List.of());
    }

    private JsonNode node(String text) {
        return text == null ? null : json.readTree(text);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
