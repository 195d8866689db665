package ai.matrix.architect.engine;

import ai.matrix.architect.job.Ids;
import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobConflictException;
import ai.matrix.architect.job.JobEvents;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.JobStatus;
import ai.matrix.architect.job.JobStore;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.job.StageStatus;
import java.time.Instant;
import java.util.List;
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
    private final JobQueue queue;
    private final JobRequestValidator validator;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;

    public JobClient(
            JobStore store,
            JobEvents events,
            JobQueue queue,
            JobRequestValidator validator,
            TransactionTemplate tx,
            JdbcClient jdbc) {
        this.store = store;
        this.events = events;
        this.queue = queue;
        this.validator = validator;
        this.tx = tx;
        this.jdbc = jdbc;
    }

    public Job create(JobRequest request, String actor) {
        JobRequestValidator.Accepted accepted = validator.validate(request);
        JobRequest spec = accepted.request();
        String id = Ids.next("job");
        tx.executeWithoutResult(status -> {
            Instant now = Instant.now();
            store.insert(id, spec, accepted.repo().display(), spec.project(), actor, now);
            events.jobChanged(id, JobStatus.CREATED, null, null);
            if (Boolean.TRUE.equals(spec.autoExecute())) enqueueFromCreated(id, spec);
        });
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
        if (!store.transition(id, List.of(JobStatus.CREATED), JobStatus.QUEUED, Instant.now())) {
            throw new JobConflictException("The job is no longer in 'created'.");
        }
        store.setStage(id, StageName.PLAN);
        queue.enqueue(id, StageName.PLAN, spec.priority());
        events.jobChanged(id, JobStatus.QUEUED, StageName.PLAN, StageStatus.PENDING);
    }

    public Job cancel(String id) {
        tx.executeWithoutResult(status -> {
            Job job = store.get(id);
            Instant now = Instant.now();
            switch (job.status()) {
                case SUCCEEDED, FAILED, CANCELLED, REJECTED ->
                    throw new JobConflictException(
                            "The job already ended (" + job.status().wire() + "); there is nothing to cancel.");
                case RUNNING -> store.requestCancel(id);
                case QUEUED -> {
                    StageName next = job.firstUnfinishedStage();
                    if (next != null && !queue.withdraw(id, next)) {
                        // a worker already picked the stage: it sees the flag and stops
                        store.requestCancel(id);
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
        store.transition(
                id,
                List.of(JobStatus.CREATED, JobStatus.QUEUED, JobStatus.AWAITING_APPROVAL),
                JobStatus.CANCELLED,
                now);
        store.setError(id, "cancelled");
        events.jobChanged(id, JobStatus.CANCELLED, null, null);
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
            store.transition(id, List.of(JobStatus.FAILED, JobStatus.CANCELLED), JobStatus.QUEUED, Instant.now());
            store.setStage(id, first);
            queue.enqueue(id, first, job.priority());
            events.jobChanged(id, JobStatus.QUEUED, first, StageStatus.PENDING);
        });
        return store.get(id);
    }

    public Job approve(String id, String actor, String comment) {
        tx.executeWithoutResult(status -> {
            Job job = awaiting(id);
            if (job.createdBy().equals(actor)) {
                throw new JobConflictException("The creator of a job cannot approve it; another person must.");
            }
            Instant now = Instant.now();
            recordDecision(id, actor, "approved", comment, now);
            store.finishStage(
                    id,
                    StageName.GATE,
                    StageStatus.SUCCEEDED,
                    "approved by " + actor,
                    job.stage(StageName.GATE).output(),
                    now);
            store.transition(id, List.of(JobStatus.AWAITING_APPROVAL), JobStatus.RUNNING, now);
            store.setStage(id, StageName.DEPLOY);
            queue.enqueue(id, StageName.DEPLOY, job.priority());
            events.jobChanged(id, JobStatus.RUNNING, StageName.GATE, StageStatus.SUCCEEDED);
        });
        return store.get(id);
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
            store.transition(id, List.of(JobStatus.AWAITING_APPROVAL), JobStatus.REJECTED, now);
            events.jobChanged(id, JobStatus.REJECTED, StageName.GATE, StageStatus.FAILED);
        });
        return store.get(id);
    }

    private Job awaiting(String id) {
        Job job = store.get(id);
        if (job.status() != JobStatus.AWAITING_APPROVAL) {
            throw new JobConflictException("The job is " + job.status().wire() + ", not awaiting approval.");
        }
        return job;
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
