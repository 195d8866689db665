package ai.matrix.architect.engine;

import ai.matrix.architect.audit.AuditLog;
import ai.matrix.architect.job.IdempotencyKeys;
import ai.matrix.architect.job.IdempotencyMismatchException;
import ai.matrix.architect.job.Ids;
import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobConflictException;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.JobStateMachine;
import ai.matrix.architect.job.JobStatus;
import ai.matrix.architect.job.JobStore;
import ai.matrix.architect.job.JobTrigger;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.job.StageStatus;
import ai.matrix.architect.workspace.DiskFloor;
import java.time.Clock;
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
    private final JobStateMachine machine;
    private final JobQueue queue;
    private final JobRequestValidator validator;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final JobTracing tracing;
    private final ApprovalDesk approvals;
    private final JobLedger ledger;
    private final NextStage next;
    private final Clock clock;
    private final DiskFloor floor;
    private final IdempotencyKeys keys;

    public JobClient(
            JobStore store,
            JobStateMachine machine,
            JobQueue queue,
            JobRequestValidator validator,
            TransactionTemplate tx,
            JdbcClient jdbc,
            AuditLog audit,
            JobTracing tracing,
            ApprovalDesk approvals,
            NextStage next,
            Clock clock,
            DiskFloor floor,
            IdempotencyKeys keys,
            JobLedger ledger) {
        this.ledger = ledger;
        this.floor = floor;
        this.keys = keys;
        this.audit = audit;
        this.tracing = tracing;
        this.approvals = approvals;
        this.next = next;
        this.clock = clock;
        this.store = store;
        this.machine = machine;
        this.queue = queue;
        this.validator = validator;
        this.tx = tx;
        this.jdbc = jdbc;
    }

    public Job create(JobRequest request, String actor) {
        return submit(request, actor, null).job();
    }

    /** A submitted job; {@code repeated} when an Idempotency-Key named a job made earlier. */
    public record Submission(Job job, boolean repeated) {}

    /**
     * Creates a job, or with an Idempotency-Key the caller already used within 24 hours for the same body, returns
     * the job that key made (the same key with another body is refused). Two concurrent requests with one key make
     * one job: the key's row is written in the job's transaction, so the second waits for the first and then finds
     * its job.
     */
    public Submission submit(JobRequest request, String actor, String idempotencyKey) {
        if (idempotencyKey == null) return new Submission(insert(request, actor, null, null), false);
        if (idempotencyKey.isBlank()
                || idempotencyKey.length() > IdempotencyKeys.MAX_LENGTH
                || !idempotencyKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidRequestException(
                    "Idempotency-Key", "must be 1 to 255 visible ASCII characters (a UUID is a good key)");
        }
        String hash = keys.hash(request);
        java.util.Optional<Submission> earlier = earlier(actor, idempotencyKey, hash);
        if (earlier.isPresent()) return earlier.get();
        try {
            return new Submission(insert(request, actor, idempotencyKey, hash), false);
        } catch (org.springframework.dao.DataIntegrityViolationException
                | org.springframework.dao.PessimisticLockingFailureException e) {
            // another request with this key committed first: answer with its job
            return earlier(actor, idempotencyKey, hash).orElseThrow(() -> e);
        }
    }

    private java.util.Optional<Submission> earlier(String actor, String key, String hash) {
        return keys.find(actor, key, clock.instant()).map(used -> {
            if (!used.requestHash().equals(hash)) {
                throw new IdempotencyMismatchException("The Idempotency-Key '" + key + "' was already used for job "
                        + used.jobId() + " with a different request body; send a new key for a new job.");
            }
            return new Submission(store.get(used.jobId()), true);
        });
    }

    private Job insert(JobRequest request, String actor, String idempotencyKey, String hash) {
        JobRequestValidator.Accepted accepted = validator.validate(request);
        JobRequest spec = accepted.request();
        floor.requireForNewJob();
        String id = Ids.next("job", clock);
        Map<String, String> traceContext = new HashMap<>();
        tracing.submission(id, spec.project(), traceContext)
                .observe(() -> tx.executeWithoutResult(status -> {
                    Instant now = clock.instant();
                    if (idempotencyKey != null) keys.record(actor, idempotencyKey, hash, id, now);
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
            Instant now = clock.instant();
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
        return retry(id, null);
    }

    /**
     * Resumes a failed or cancelled job at {@code from} (null: the first stage that did not succeed), running that
     * stage and every later one again. A re-run PATCH may make another diff: GATE then voids the approvals of the
     * old one.
     */
    public Job retry(String id, StageName from) {
        tx.executeWithoutResult(status -> {
            Job job = store.get(id);
            if (job.status() != JobStatus.FAILED && job.status() != JobStatus.CANCELLED) {
                throw new JobConflictException(
                        "The job is " + job.status().wire() + "; only failed or cancelled jobs can be retried.");
            }
            store.resetUnfinishedStages(id);
            if (from != null) {
                store.resetStagesFrom(id, from);
                audit.append("job.retry_from", id, Map.of("stage", from.name()));
            }
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
     * Records an approval; the {@link ApprovalDesk} says whether it counts (the creator cannot approve, one person
     * counts once, the role must be one the wait allows). Once enough people approved, the waiting stage succeeds
     * and the job resumes at the stage after it.
     */
    public Job approve(String id, String actor, String role, String comment) {
        tx.executeWithoutResult(status -> {
            Job job = awaiting(id);
            ApprovalDesk.Tally tally = approvals.approve(job, actor, role, comment);
            List<ApprovalDesk.Approval> all = approvals.approvals(id);
            ledger.approvalRecorded(job, all.get(all.size() - 1));
            if (!tally.reached()) return;
            StageName waiting = job.stage();
            store.finishStage(
                    id,
                    waiting,
                    StageStatus.SUCCEEDED,
                    "approved by " + String.join(", ", tally.approvers()),
                    job.stage(waiting).output(),
                    clock.instant());
            machine.apply(id, JobTrigger.APPROVE, waiting);
            next.after(job, waiting);
        });
        return store.get(id);
    }

    /** Rejects a job whose approvals did not come in time; does nothing when it no longer waits. */
    public boolean expire(String id, String reason) {
        Boolean done = tx.execute(status -> {
            lock(id);
            Job job = store.get(id);
            if (job.status() != JobStatus.AWAITING_APPROVAL) return false;
            approvals.expire(job, reason);
            endWait(job, reason, JobTrigger.EXPIRE);
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    public Job reject(String id, String actor, String reason) {
        if (reason == null || reason.isBlank())
            throw new InvalidRequestException("reason", "is required to reject a job");
        tx.executeWithoutResult(status -> {
            Job job = awaiting(id);
            approvals.reject(job, actor, reason);
            endWait(job, "rejected by " + actor + ": " + reason, JobTrigger.REJECT);
        });
        return store.get(id);
    }

    /** The waiting stage fails with {@code why}, and so does the job. */
    private void endWait(Job job, String why, JobTrigger trigger) {
        StageName waiting = job.stage();
        store.finishStage(
                job.id(), waiting, StageStatus.FAILED, why, job.stage(waiting).output(), clock.instant());
        store.setError(job.id(), why);
        machine.apply(job.id(), trigger, waiting);
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

    public List<ApprovalDesk.Approval> approvals(String jobId) {
        return approvals.approvals(jobId);
    }
}
