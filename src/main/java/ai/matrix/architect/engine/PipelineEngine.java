package ai.matrix.architect.engine;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.job.CheckpointRetry;
import ai.matrix.architect.job.DatabaseOutage;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobLogs;
import ai.matrix.architect.job.JobStateMachine;
import ai.matrix.architect.job.JobStatus;
import ai.matrix.architect.job.JobStore;
import ai.matrix.architect.job.JobTrigger;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.job.StageRecord;
import ai.matrix.architect.job.StageStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs one stage of one job and applies its outcome. Every state change, the stage's checkpoint and the
 * scheduling of the next stage happen in one transaction; a stage that already finished is never run again.
 */
@Component
public class PipelineEngine {
    private static final Logger log = LoggerFactory.getLogger(PipelineEngine.class);

    private final JobStore store;
    private final JobStateMachine machine;
    private final ObjectMapper json;
    private final Clock clock;
    private final JobLogs logs;
    private final NextStage next;
    private final ApprovalDesk approvals;
    private final TransactionTemplate tx;
    private final MeterRegistry metrics;
    private final JobTracing tracing;
    private final Map<StageName, Stage> stages = new EnumMap<>(StageName.class);
    private final String workerName;
    private final GracefulStop stop;
    private final CheckpointRetry checkpoints;
    private final List<ApprovalWaitListener> waitListeners;
    private final JobLedger ledger;

    public PipelineEngine(
            JobStore store,
            JobStateMachine machine,
            Clock clock,
            ObjectMapper json,
            JobLogs logs,
            NextStage next,
            ApprovalDesk approvals,
            TransactionTemplate tx,
            MeterRegistry metrics,
            JobTracing tracing,
            List<Stage> stageBeans,
            ArchitectProperties props,
            GracefulStop stop,
            CheckpointRetry checkpoints,
            List<ApprovalWaitListener> waitListeners,
            JobLedger ledger) {
        this.ledger = ledger;
        this.stop = stop;
        this.waitListeners = List.copyOf(waitListeners);
        this.store = store;
        this.machine = machine;
        this.clock = clock;
        this.json = json;
        this.logs = logs;
        this.next = next;
        this.approvals = approvals;
        this.tx = tx;
        this.metrics = metrics;
        this.tracing = tracing;
        this.checkpoints = checkpoints;
        for (Stage s : stageBeans) stages.put(s.name(), s);
        for (StageName name : StageName.values()) {
            if (!stages.containsKey(name)) throw new IllegalStateException("no implementation of stage " + name);
        }
        this.workerName = props.workerName().isBlank() ? defaultWorkerName() : props.workerName();
    }

    private static String defaultWorkerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "worker";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    public String workerName() {
        return workerName;
    }

    /**
     * Starts the stage: its attempt number, or null when it must not run (the job is gone, ended, waiting, was
     * cancelled, or the stage already finished).
     */
    private Integer start(String jobId, StageName stageName) {
        Optional<Job> found = store.find(jobId);
        if (found.isEmpty()) return null;
        Job job = found.get();
        StageRecord record = job.stage(stageName);
        if (job.status().isFinal()
                || job.status() == JobStatus.AWAITING_APPROVAL
                || record.status().isDone()) {
            // already applied (a crash between our commit and the queue's bookkeeping), or no longer wanted
            return null;
        }
        if (job.cancelRequested()) {
            finishCancelled(jobId);
            return null;
        }
        return tx.execute(status -> {
            if (!machine.apply(jobId, JobTrigger.START_STAGE, stageName)) return null;
            int n = store.startStage(jobId, stageName, workerName, clock.instant());
            store.setStage(jobId, stageName);
            return n;
        });
    }

    /** Entry point of the queue's task. */
    public void execute(String jobId, StageName stageName) {
        // picked by a poll that raced with this worker's stop: another worker takes it
        if (stop.draining()) throw new StageHandedBack(jobId + " " + stageName + ": " + workerName + " is stopping");
        Integer attempt = start(jobId, stageName);
        if (attempt == null) return;
        Job current = store.get(jobId);
        Observation run = tracing.stageRun(current, stageName, attempt, store.traceContext(jobId))
                .start();
        // anything that escapes below (a transient failure, a failed checkpoint) is reported as such
        String runOutcome = "error";
        try (Observation.Scope scope = run.openScope()) {
            StageOutcome outcome = runStage(current, stageName, attempt);
            apply(jobId, stageName, outcome);
            runOutcome = JobTracing.outcomeOf(outcome);
            if (outcome instanceof StageOutcome.AwaitApproval) announceWait(jobId, stageName);
        } catch (StageHandedBack e) {
            runOutcome = "handed_back";
            throw e;
        } catch (TransientStageException e) {
            runOutcome = "retrying";
            run.error(e);
            throw e;
        } catch (RuntimeException e) {
            run.error(e);
            throw e;
        } finally {
            run.lowCardinalityKeyValue("outcome", runOutcome);
            run.stop();
        }
    }

    /**
     * Runs the stage with its log, the cancel watch and this worker's stop in view, and returns its outcome;
     * throws when it is to be retried later or was handed back because this worker stops.
     */
    private StageOutcome runStage(Job job, StageName stageName, int attempt) {
        String jobId = job.id();
        MDC.put("job_id", jobId);
        MDC.put("stage", stageName.name());
        try (StageLog stageLog = new StageLog(logs, jobId, stageName);
                CancellationWatch watch = new CancellationWatch(store, jobId, Thread.currentThread());
                GracefulStop.Run stopping = stop.enter()) {
            log.info("{} {} attempt {} on {}", jobId, stageName, attempt, workerName);
            stageLog.line("[" + stageName + "] attempt " + attempt + " on " + workerName);
            StageOutcome outcome;
            try {
                outcome = stages.get(stageName).run(new StageContext(job, attempt, stageLog, json));
            } catch (TransientStageException e) {
                if (stopping.interruptedByShutdown()) {
                    outcome = StageOutcome.failed("interrupted");
                } else {
                    retryLater(jobId, stageName, stageLog, e);
                    throw e;
                }
            } catch (InterruptedException e) {
                Thread.interrupted();
                outcome = StageOutcome.failed("interrupted");
            } catch (Exception e) {
                if (DatabaseOutage.is(e) && !stopping.interruptedByShutdown()) {
                    // the stage could not read or write what it needed: no fault of the job, run it again
                    var t = new TransientStageException("the database could not be reached: " + messageOf(e), e);
                    retryLater(jobId, stageName, stageLog, t);
                    throw t;
                }
                log.warn("{} {} failed", jobId, stageName, e);
                outcome = StageOutcome.failed(stageName + " failed: " + messageOf(e));
            }
            if (watch.cancelled()) Thread.interrupted();
            // whatever the interrupted stage made of it, a shutdown is never the job's failure
            if (stopping.interruptedByShutdown()
                    && !watch.cancelled()
                    && !(outcome instanceof StageOutcome.Succeeded)) {
                Thread.interrupted();
                String why = "attempt " + attempt + " interrupted by shutdown of worker " + workerName;
                stageLog.line("[" + stageName + "] " + why + "; handed back to the queue");
                handBack(jobId, stageName, why);
                throw new StageHandedBack(jobId + " " + stageName + ": " + why);
            }
            stageLog.line("[" + stageName + "] "
                    + outcome.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ": "
                    + outcome.summary());
            return outcome;
        } finally {
            MDC.remove("job_id");
            MDC.remove("stage");
        }
    }

    /** Tells the listeners that the job waits; what they cannot do goes to the stage's log, not the job's state. */
    private void announceWait(String jobId, StageName stage) {
        if (waitListeners.isEmpty()) return;
        Job job = store.get(jobId);
        if (job.status() != JobStatus.AWAITING_APPROVAL) return;
        try (StageLog stageLog = new StageLog(logs, jobId, stage)) {
            for (ApprovalWaitListener listener : waitListeners) {
                try {
                    listener.awaiting(job, stageLog);
                } catch (RuntimeException e) {
                    log.warn(
                            "{} waiting for approval: {} failed",
                            jobId,
                            listener.getClass().getSimpleName(),
                            e);
                    stageLog.line("[" + stage + "] while waiting for approval: " + messageOf(e));
                }
            }
        }
    }

    /** The stage goes back to pending with the reason; its execution is rescheduled by the queue's task. */
    private void handBack(String jobId, StageName stage, String why) {
        checkpoints.write(() -> tx.executeWithoutResult(status -> {
            store.finishStage(jobId, stage, StageStatus.PENDING, why + "; handed back", null, clock.instant());
            machine.apply(jobId, JobTrigger.RETRY_STAGE, stage);
        }));
    }

    private static String messageOf(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void retryLater(String jobId, StageName stage, StageLog stageLog, TransientStageException e) {
        stageLog.line("[" + stage + "] transient failure, will retry: " + e.getMessage());
        stageLog.flush();
        markRetrying(jobId, stage, e.getMessage());
    }

    private void markRetrying(String jobId, StageName stage, String reason) {
        checkpoints.write(() -> tx.executeWithoutResult(status -> {
            store.finishStage(
                    jobId, stage, StageStatus.PENDING, "transient failure, retrying: " + reason, null, clock.instant());
            machine.apply(jobId, JobTrigger.RETRY_STAGE, stage);
        }));
    }

    void apply(String jobId, StageName stage, StageOutcome outcome) {
        Instant now = clock.instant();
        // the checkpoint: retried while the database is unreachable, so that the stage's work is not lost
        JobStatus finalStatus = checkpoints.write(() -> tx.execute(status -> {
            if (store.cancelRequested(jobId)) {
                store.failRunningStage(jobId, "cancelled", now);
                store.setError(jobId, "cancelled while " + stage + " was running");
                machine.apply(jobId, JobTrigger.CANCEL_RUNNING_STAGE, stage);
                return JobStatus.CANCELLED;
            }
            store.updateFacts(jobId, outcome.facts());
            JobStatus applied = applyOutcome(jobId, stage, outcome, now);
            ledger.stageFinished(store.get(jobId), stage, outcome);
            return applied;
        }));
        if (finalStatus != null && finalStatus.isFinal()) {
            metrics.counter("architect.jobs.finished", "status", finalStatus.wire())
                    .increment();
        }
    }

    /** Writes the stage's outcome and moves the job on; the job status it ends in, or null while it waits. */
    private JobStatus applyOutcome(String jobId, StageName stage, StageOutcome outcome, Instant now) {
        Job job = store.get(jobId);
        switch (outcome) {
            case StageOutcome.Succeeded s -> {
                store.finishStage(jobId, stage, StageStatus.SUCCEEDED, s.summary(), s.output(), now);
                machine.apply(jobId, JobTrigger.STAGE_SUCCEEDED, stage);
                return next.after(job, stage);
            }
            case StageOutcome.Skipped s -> {
                store.finishStage(jobId, stage, StageStatus.SKIPPED, s.summary(), s.output(), now);
                machine.apply(jobId, JobTrigger.STAGE_SKIPPED, stage);
                return next.after(job, stage);
            }
            case StageOutcome.Failed f -> {
                store.finishStage(jobId, stage, StageStatus.FAILED, f.summary(), f.output(), now);
                store.setError(jobId, f.summary());
                machine.apply(jobId, JobTrigger.FAIL, stage);
                return JobStatus.FAILED;
            }
            case StageOutcome.AwaitApproval a -> {
                // the stage stays running with its output saved; approval or rejection finishes it
                store.finishStage(jobId, stage, StageStatus.RUNNING, a.summary(), a.output(), null);
                approvals.open(jobId, a.approvalWait());
                machine.apply(jobId, JobTrigger.AWAIT_APPROVAL, stage);
                return null;
            }
        }
    }

    /** Called when a transient failure kept failing: the job fails with the last reason. */
    /** Transient failures outlasted the retry budget: the stage fails, saying how long it kept trying. */
    void giveUp(String jobId, StageName stage, String reason, int attempts, Duration retried) {
        apply(
                jobId,
                stage,
                StageOutcome.failed(stage + " failed after " + attempts + " attempts over " + retried.toSeconds()
                        + " s of retrying (ARCHITECT_TRANSIENT_RETRY_BUDGET): " + reason));
    }

    private void finishCancelled(String jobId) {
        tx.executeWithoutResult(status -> {
            if (machine.apply(jobId, JobTrigger.CANCEL, null)) store.setError(jobId, "cancelled");
        });
        metrics.counter("architect.jobs.finished", "status", JobStatus.CANCELLED.wire())
                .increment();
    }
}
