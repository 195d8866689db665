package ai.matrix.architect.gate;

import ai.matrix.architect.audit.AuditLog;
import ai.matrix.architect.engine.ApprovalDesk;
import ai.matrix.architect.engine.ApprovalDesk.DiffBinding;
import ai.matrix.architect.engine.ApprovalForbiddenException;
import ai.matrix.architect.job.Ids;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobConflictException;
import ai.matrix.architect.job.JobEvents;
import ai.matrix.architect.job.JobStore;
import ai.matrix.architect.security.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The approval rules and their tables ({@code approval_waits}, {@code approvals}): quorum, the roles that may
 * approve (a higher {@link Role} may do what a lower one may), separation of duties (the creator never approves,
 * one person counts once), expiry, and the binding to the diff: an approval names the diff it was given for, and
 * when the job waits again with another diff, the approvals of the old one are voided (kept, with why, and audited).
 * Called inside the engine's transactions, which lock the job first.
 */
@Component
public class Approvals implements ApprovalDesk {
    private final JdbcClient jdbc;
    private final JobEvents events;
    private final Clock clock;
    private final GateProperties props;
    private final DiffBindings diffs;
    private final JobStore jobs;
    private final AuditLog audit;

    Approvals(
            JdbcClient jdbc,
            JobEvents events,
            Clock clock,
            GateProperties props,
            DiffBindings diffs,
            JobStore jobs,
            AuditLog audit) {
        this.diffs = diffs;
        this.jobs = jobs;
        this.audit = audit;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.props = props;
    }

    /** The wait a require_approval decision opens, ending after the configured approval timeout. */
    Wait waitFor(GateResult result) {
        return new Wait(
                result.requiredApprovals(),
                result.approverRoles(),
                clock.instant().plus(props.approvalTimeout()));
    }

    @Override
    public void open(String jobId, Wait wait) {
        voidStale(jobs.get(jobId));
        jdbc.sql("delete from approval_waits where job_id = ?").param(jobId).update();
        jdbc.sql("insert into approval_waits (job_id, required, roles, expires_at) values (?, ?, ?, ?)")
                .params(
                        jobId,
                        wait.required(),
                        String.join(",", wait.roles()),
                        wait.expiresAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    @Override
    public Tally approve(Job job, String actor, String role, String comment) {
        String id = job.id();
        if (job.createdBy().equals(actor)) {
            throw new JobConflictException("The creator of a job cannot approve it; another person must.");
        }
        JsonNode gate = job.gate();
        int required =
                gate == null ? 1 : Math.max(1, gate.path("required_approvals").asInt(1));
        List<String> allowed = new ArrayList<>();
        if (gate != null) gate.path("approver_roles").forEach(r -> allowed.add(r.asString()));
        if (role != null && !allowed.isEmpty() && !roleAllowed(role, allowed)) {
            throw new ApprovalForbiddenException("The policy lets only " + String.join(" or ", allowed)
                    + " approve this job; you are " + role + ".");
        }
        DiffBinding now = diffs.of(job);
        Set<String> approvers = new LinkedHashSet<>(approvers(id, now));
        if (approvers.contains(actor)) {
            throw new JobConflictException(
                    "You already approved this diff (sha256:" + now.diffDigest() + "); one person counts once.");
        }
        record(id, actor, role, "approved", comment, now);
        approvers.add(actor);
        Tally tally = new Tally(approvers.size(), required, List.copyOf(approvers));
        events.append(
                id,
                "approval",
                Map.of(
                        "job_id",
                        id,
                        "event",
                        tally.reached() ? "approved" : "approval_recorded",
                        "actor",
                        actor,
                        "count",
                        tally.count(),
                        "required",
                        required,
                        "diff_sha256",
                        now.diffDigest()));
        return tally;
    }

    /** A role is allowed when it is one of the allowed roles or ranks above one of them. */
    static boolean roleAllowed(String role, List<String> allowed) {
        return Role.parse(role)
                .map(have -> allowed.stream()
                        .map(Role::parse)
                        .flatMap(java.util.Optional::stream)
                        .anyMatch(have::atLeast))
                .orElse(false);
    }

    @Override
    public void reject(Job job, String actor, String reason) {
        record(job.id(), actor, null, "rejected", reason, diffs.of(job));
    }

    @Override
    public void expire(Job job, String reason) {
        record(job.id(), "system", null, "expired", reason, diffs.of(job));
    }

    @Override
    public DiffBinding binding(Job job) {
        return diffs.of(job);
    }

    /** Why each approval that still counts would be voided for the job's diff now (what a new wait says). */
    List<String> staleReasons(Job job) {
        DiffBinding now = diffs.of(job);
        return approvals(job.id()).stream()
                .map(a -> DiffBindings.whyVoid(a, now))
                .flatMap(java.util.Optional::stream)
                .toList();
    }

    /** Voids the approvals of another diff than the job's now, saying why, each with an audit entry. */
    private void voidStale(Job job) {
        DiffBinding now = diffs.of(job);
        for (Approval a : approvals(job.id())) {
            var why = DiffBindings.whyVoid(a, now);
            if (why.isEmpty()) continue;
            jdbc.sql("update approvals set voided_at = ?, void_reason = ? where id = ?")
                    .params(clock.instant().atOffset(ZoneOffset.UTC), why.get(), a.id())
                    .update();
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("approval", a.id());
            details.put("approver", a.actor());
            details.put("approved_diff_sha256", String.valueOf(a.diffDigest()));
            details.put("diff_sha256", now.diffDigest());
            details.put("reason", why.get());
            audit.appendAs("system", "approval.voided", job.id(), details);
        }
    }

    /** The jobs still waiting whose deadline passed. */
    List<String> due() {
        return jdbc.sql("""
                        select w.job_id from approval_waits w join jobs j on j.id = w.job_id
                        where j.status = 'awaiting_approval' and w.expires_at <= ?""")
                .param(clock.instant().atOffset(ZoneOffset.UTC))
                .query(String.class)
                .list();
    }

    /** Why a job that waited too long is rejected. */
    String expiryReason() {
        return "approval expired: no decision within " + human(props.approvalTimeout());
    }

    private static String human(Duration d) {
        if (d.toHours() > 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) return d.toHours() + " h";
        if (d.toMinutes() > 0 && d.toSecondsPart() == 0) return d.toMinutes() + " min";
        return d.toSeconds() + " s";
    }

    private List<String> approvers(String jobId, DiffBinding now) {
        return approvals(jobId).stream()
                .filter(a -> a.counts() && DiffBindings.whyVoid(a, now).isEmpty())
                .map(Approval::actor)
                .distinct()
                .toList();
    }

    private void record(String jobId, String actor, String role, String decision, String comment, DiffBinding diff) {
        jdbc.sql("insert into approvals (id, job_id, actor, role, decision, comment, at, diff_digest, base_commit,"
                        + " result_commit) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        Ids.next("apr", clock),
                        jobId,
                        actor,
                        role,
                        decision,
                        comment,
                        clock.instant().atOffset(ZoneOffset.UTC),
                        diff.diffDigest(),
                        diff.baseCommit(),
                        diff.resultCommit())
                .update();
    }

    @Override
    public List<Approval> approvals(String jobId) {
        return jdbc.sql("select * from approvals where job_id = ? order by at, id")
                .param(jobId)
                .query((rs, n) -> {
                    OffsetDateTime voided = rs.getObject("voided_at", OffsetDateTime.class);
                    return new Approval(
                            rs.getString("id"),
                            rs.getString("actor"),
                            rs.getString("role"),
                            rs.getString("decision"),
                            rs.getString("comment"),
                            rs.getObject("at", OffsetDateTime.class).toInstant(),
                            rs.getString("diff_digest"),
                            rs.getString("base_commit"),
                            rs.getString("result_commit"),
                            voided == null ? null : voided.toInstant(),
                            rs.getString("void_reason"));
                })
                .list();
    }
}
