package ai.matrix.architect.observe;

import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobQuery;
import ai.matrix.architect.job.JobStatus;
import ai.matrix.architect.job.JobStore;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.job.StageRecord;
import ai.matrix.architect.job.StageStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The dashboard's figures, over the jobs a caller may see (null projects: every job). */
@Service
public class Stats {
    private static final int WINDOW = 200;
    private final JobStore store;
    private final JdbcClient jdbc;
    private final WorkerPresence workers;

    Stats(JobStore store, JdbcClient jdbc, WorkerPresence workers) {
        this.store = store;
        this.jdbc = jdbc;
        this.workers = workers;
    }

    /**
     * @param successRate succeeded over finished jobs among the latest {@value #WINDOW}; null when none finished
     * @param avgStageSeconds mean duration of each stage that succeeded among those jobs
     * @param queueDepth stages due and waiting for a worker (all projects)
     */
    public record Snapshot(
            int activeJobs,
            Double successRate,
            int workersOnline,
            int queueDepth,
            Map<String, Double> avgStageSeconds,
            List<Job> recentFailures) {}

    public Snapshot snapshot(List<String> projects) {
        List<Job> latest = store.list(new JobQuery(null, null, null, null, WINDOW, null, projects))
                .items();
        int active = 0, succeeded = 0, finished = 0;
        Map<StageName, double[]> durations = new EnumMap<>(StageName.class);
        for (Job j : latest) {
            if (j.status() == JobStatus.QUEUED
                    || j.status() == JobStatus.RUNNING
                    || j.status() == JobStatus.AWAITING_APPROVAL) active++;
            if (j.status().isFinal() && j.status() != JobStatus.CANCELLED) {
                finished++;
                if (j.status() == JobStatus.SUCCEEDED) succeeded++;
            }
            for (StageRecord s : j.stages()) {
                if (s.status() != StageStatus.SUCCEEDED || s.startedAt() == null || s.finishedAt() == null) continue;
                double[] acc = durations.computeIfAbsent(s.name(), k -> new double[2]);
                acc[0] += (s.finishedAt().toEpochMilli() - s.startedAt().toEpochMilli()) / 1000.0;
                acc[1]++;
            }
        }
        Map<String, Double> avg = new LinkedHashMap<>();
        durations.forEach((k, v) -> avg.put(k.name(), Math.round(v[0] / v[1] * 1000) / 1000.0));
        List<Job> failures = store.list(new JobQuery(JobStatus.FAILED, null, null, null, 5, null, projects))
                .items();
        int queue = jdbc.sql("select count(*) from scheduled_tasks where task_name = 'job-stage' and picked = ?"
                        + " and execution_time <= ?")
                // db-scheduler's execution times are on the system clock
                .params(false, Instant.now().atOffset(ZoneOffset.UTC))
                .query(Integer.class)
                .single();
        return new Snapshot(
                active, finished == 0 ? null : (double) succeeded / finished, workers.online(), queue, avg, failures);
    }
}
