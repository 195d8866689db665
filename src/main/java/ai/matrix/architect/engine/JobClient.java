package ai.matrix.architect.engine;

import ai.matrix.architect.audit.AuditLog;
import ai.matrix.architect.job.Ids;
import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobConflictException;
import ai.matrix.architect.job.JobEvents;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.JobStateMachine;
import ai.matrix.architect.job.JobStatus;
import ai.matrix.architect.job.JobStore;
import ai.matrix.architect.job.JobTrigger;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.job.StageStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What clients may ask of jobs: create, execute, cancel, retry, approve, reject. Each request is one
 * transaction; work is only ever asked for through the {@link JobQueue}, never done here.
 */
@Service
public class JobClient {
    private final JobStore store;
    private final JobEvents events;
    private final JobStateMachine machine;
    private final JobQueue queue;
    private final JobRequestValidator validator;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final JobTracing tracing;

    public JobClient(
            JobStore store,
            JobEvents events,
            JobStateMachine machine,
            JobQueue queue,
            JobRequestValidator validator,
            TransactionTemplate tx,
            JdbcClient jdbc,
            AuditLog audit,
            JobTracing tracing) {
        this.audit = audit;
        this.tracing = tracing;
        this.store = store;
        this.events = events;
        this.machine = machine;
        this.queue = queue;
        this.validator = validator;
        this.tx = tx;
        this.jdbc = jdbc;
    }

    public Job create(JobRequest request, String actor) {
        JobRequestValidator.Accepted accepted = validator.validate(request);
        JobRequest spec = accepted.request();
        String id = Ids.next("job");
        Map<String, String> traceContext = new HashMap<>();
        tracing.submission(id, spec.project(), traceContext)
                .observe(() -> tx.executeWithoutResult(status -> {
                    Instant now = Instant.now();
                    store.insert(id, spec, accepted.repo().display(), spec.project(), actor, now);
                    store.setTraceContext(id, traceContext);
                    machine.created(id);
                    if (Boolean.TRUE.equals(spec.autoExecute())) enqueueFromCreated(id, spec);
                }));
        return store.get(id);
    }

    public Job execute(String id) {
        tx.executeWithoutResult(status -> {
            Job job = store.get(id);
            if (job.status() != JobStatus.CREATED) {
                throw new JobConflictException(
                        "The job is " + job.status().wire() + "; only a job in 'created' can be executed.");
            }
            enqueueFromCreated(id, job.spec());
        });
        return store.get(id);
    }

    private void enqueueFromCreated(String id, JobRequest spec) {
        if (!machine.apply(id, JobTrigger.EXECUTE, StageName.PLAN)) {
            throw new JobConflictException("The job is no longer in 'created'.");
        }
        store.setStage(id, StageName.PLAN);
        queue.enqueue(id, StageName.PLAN, spec.priority());
    }

    public Job cancel(String id) {
        tx.executeWithoutResult(status -> {
            Job job = store.get(id);
            Instant now = Instant.now();
            switch (job.status()) {
                case SUCCEEDED, FAILED, CANCELLED, REJECTED ->
                    throw new JobConflictException(
                            "The job already ended (" + job.status().wire() + "); there is nothing to cancel.");
                case RUNNING -> {
                    store.requestCancel(id);
                    audit.append("job.cancel_requested", id, java.util.Map.of());
                }
                case QUEUED -> {
                    StageName next = job.firstUnfinishedStage();
                    if (next != null && !queue.withdraw(id, next)) {
                        // a worker already picked the stage: it sees the flag and stops
                        store.requestCancel(id);
                        audit.append("job.cancel_requested", id, java.util.Map.of());
                        return;
                    }
                    cancelNow(id, now);
                }
                case CREATED, AWAITING_APPROVAL -> cancelNow(id, now);
            }
        });
        return store.get(id);
    }

    private void cancelNow(String id, Instant now) {
        store.requestCancel(id);
        store.failRunningStage(id, "cancelled", now);
        store.setError(id, "cancelled");
        machine.apply(id, JobTrigger.CANCEL, null);
    }

    /** Resumes a failed or cancelled job at the first stage that did not succeed; finished stages never run again. */
    public Job retry(String id) {
        tx.executeWithoutResult(status -> {
            Job job = store.get(id);
            if (job.status() != JobStatus.FAILED && job.status() != JobStatus.CANCELLED) {
                throw new JobConflictException(
                        "The job is " + job.status().wire() + "; only failed or cancelled jobs can be retried.");
            }
            store.resetUnfinishedStages(id);
            store.clearForRetry(id);
            StageName first = store.get(id).firstUnfinishedStage();
            if (first == null) throw new JobConflictException("Every stage of the job already finished.");
            machine.apply(id, JobTrigger.RETRY, first);
            store.setStage(id, first);
            queue.enqueue(id, first, job.priority());
        });
        return store.get(id);
    }

    public Job approve(String id, String actor, String comment) {
        return approve(id, actor, null, comment);
    }

    /**
     * Records an approval. The creator cannot approve (409), one person counts once (409), the approver's role must
     * be one the gate allows (403, checked when {@code role} is known); the job continues once the number of
     * distinct approvals the gate asked for ({@code gate.required_approvals}, default 1) is reached.
     */
    public Job approve(String id, String actor, String role, String comment) {
        tx.executeWithoutResult(status -> {
            Job job = awaiting(id);
            if (job.createdBy().equals(actor)) {
                throw new JobConflictException("The creator of a job cannot approve it; another person must.");
            }
            var gate = job.gate();
            int required = gate == null
                    ? 1
                    : Math.max(1, gate.path("required_approvals").asInt(1));
            if (role != null
                    && gate != null
                    && gate.path("approver_roles").isArray()
                    && !gate.path("approver_roles").isEmpty()) {
                java.util.List<String> allowed = new java.util.ArrayList<>();
                gate.path("approver_roles").forEach(r -> allowed.add(r.asString()));
                if (!roleAllowed(role, allowed)) {
                    throw new ApprovalForbiddenException("The policy lets only " + String.join(" or ", allowed)
                            + " approve this job; you are " + role + ".");
                }
            }
            java.util.Set<String> approvers = new java.util.HashSet<>();
            for (Approval a : approvals(id)) if (a.decision().equals("approved")) approvers.add(a.actor());
            if (approvers.contains(actor)) {
                throw new JobConflictException("You already approved this job; one person counts once.");
            }
            Instant now = Instant.now();
            recordDecision(id, actor, "approved", comment, now);
            int count = approvers.size() + 1;
            if (count < required) {
                events.append(
                        id,
                        "approval",
                        java.util.Map.of(
                                "job_id",
                                id,
                                "event",
                                "approval_recorded",
                                "actor",
                                actor,
                                "count",
                                count,
                                "required",
                                required));
                return;
            }
            store.finishStage(
                    id,
                    StageName.GATE,
                    StageStatus.SUCCEEDED,
                    "approved by " + String.join(", ", approversInOrder(id)),
                    job.stage(StageName.GATE).output(),
                    now);
            events.append(
                    id,
                    "approval",
                    java.util.Map.of(
                            "job_id", id, "event", "approved", "actor", actor, "count", count, "required", required));
            machine.apply(id, JobTrigger.APPROVE, StageName.GATE);
            store.setStage(id, StageName.DEPLOY);
            queue.enqueue(id, StageName.DEPLOY, job.priority());
        });
        return store.get(id);
    }

    private List<String> approversInOrder(String id) {
        return approvals(id).stream()
                .filter(a -> a.decision().equals("approved"))
                .map(Approval::actor)
                .distinct()
                .toList();
    }

    /** A role is allowed when it is one of the allowed roles or ranks above one of them. */
    static boolean roleAllowed(String role, List<String> allowed) {
        List<String> ranks = List.of("viewer", "operator", "admin");
        int have = ranks.indexOf(role);
        if (have < 0) return false;
        for (String a : allowed) {
            int need = ranks.indexOf(a);
            if (need >= 0 && have >= need) return true;
        }
        return false;
    }

    /** Rejects a job whose approvals did not come in time; does nothing when it no longer waits. */
    public boolean expire(String id, String reason) {
        Boolean done = tx.execute(status -> {
            lock(id);
            Job job = store.get(id);
            if (job.status() != JobStatus.AWAITING_APPROVAL) return false;
            Instant now = Instant.now();
            recordDecision(id, "system", "expired", reason, now);
            store.finishStage(
                    id,
                    StageName.GATE,
                    StageStatus.FAILED,
                    reason,
                    job.stage(StageName.GATE).output(),
                    now);
            store.setError(id, reason);
            machine.apply(id, JobTrigger.EXPIRE, StageName.GATE);
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    public Job reject(String id, String actor, String reason) {
        if (reason == null || reason.isBlank())
            throw new InvalidRequestException("reason", "is required to reject a job");
        tx.executeWithoutResult(status -> {
            Job job = awaiting(id);
            Instant now = Instant.now();
            recordDecision(id, actor, "rejected", reason, now);
            store.finishStage(
                    id,
                    StageName.GATE,
                    StageStatus.FAILED,
                    "rejected by " + actor + ": " + reason,
                    job.stage(StageName.GATE).output(),
                    now);
            store.setError(id, "rejected by " + actor + ": " + reason);
            machine.apply(id, JobTrigger.REJECT, StageName.GATE);
        });
        return store.get(id);
    }

    /**
     * The job, locked for the rest of the transaction so that concurrent approvals, rejections and expiry are
     * applied one after the other (two last approvals at once must not both see themselves as the first).
     */
    private Job awaiting(String id) {
        lock(id);
        Job job = store.get(id);
        if (job.status() != JobStatus.AWAITING_APPROVAL) {
            throw new JobConflictException("The job is " + job.status().wire() + ", not awaiting approval.");
        }
        return job;
    }

    private void lock(String id) {
        jdbc.sql("select id from jobs where id = ? for update")
                .param(id)
                .query(String.class)
                .optional();
    }

    private void recordDecision(String id, String actor, String decision, String comment, Instant now) {
        jdbc.sql("insert into approvals (id, job_id, actor, decision, comment, at) values (?, ?, ?, ?, ?, ?)")
                .params(Ids.next("apr"), id, actor, decision, comment, now.atOffset(java.time.ZoneOffset.UTC))
                .update();
    }

    public record Approval(String id, String actor, String decision, String comment, Instant at) {}

    public List<Approval> approvals(String jobId) {
        return jdbc.sql("select * from approvals where job_id = ? order by at")
                .param(jobId)
                .query((rs, n) -> new Approval(
                        rs.getString("id"),
                        rs.getString("actor"),
                        rs.getString("decision"),
                        rs.getString("comment"),
                        rs.getObject("at", java.time.OffsetDateTime.class).toInstant()))
                .list();
    }
}
