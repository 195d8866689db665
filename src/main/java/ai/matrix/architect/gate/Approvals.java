package ai.matrix.architect.gate;

import ai.matrix.architect.engine.ApprovalDesk;
import ai.matrix.architect.engine.ApprovalForbiddenException;
import ai.matrix.architect.job.Ids;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobConflictException;
import ai.matrix.architect.job.JobEvents;
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
 * one person counts once) and expiry. Called inside the engine's transactions, which lock the job first.
 */
@Component
public class Approvals implements ApprovalDesk {
    private final JdbcClient jdbc;
    private final JobEvents events;
    private final Clock clock;
    private final GateProperties props;

    Approvals(JdbcClient jdbc, JobEvents events, Clock clock, GateProperties props) {
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
        Set<String> approvers = new LinkedHashSet<>(approvers(id));
        if (approvers.contains(actor)) {
            throw new JobConflictException("You already approved this job; one person counts once.");
        }
        record(id, actor, "approved", comment);
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
                        required));
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
        record(job.id(), actor, "rejected", reason);
    }

    @Override
    public void expire(Job job, String reason) {
        record(job.id(), "system", "expired", reason);
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

    private List<String> approvers(String jobId) {
        return approvals(jobId).stream()
                .filter(a -> a.decision().equals("approved"))
                .map(Approval::actor)
                .distinct()
                .toList();
    }

    private void record(String jobId, String actor, String decision, String comment) {
        jdbc.sql("insert into approvals (id, job_id, actor, decision, comment, at) values (?, ?, ?, ?, ?, ?)")
                .params(
                        Ids.next("apr", clock),
                        jobId,
                        actor,
                        decision,
                        comment,
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    @Override
    public List<Approval> approvals(String jobId) {
        return jdbc.sql("select * from approvals where job_id = ? order by at, id")
                .param(jobId)
                .query((rs, n) -> new Approval(
                        rs.getString("id"),
                        rs.getString("actor"),
                        rs.getString("decision"),
                        rs.getString("comment"),
                        rs.getObject("at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
