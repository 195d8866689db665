package ai.matrix.architect.job;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A job as stored: its specification, where it is in the pipeline, and what the stages produced. */
public record Job(
        String id,
        JobStatus status,
        StageName stage,
        Priority priority,
        String project,
        String repoDisplay,
        JobRequest spec,
        JsonNode plan,
        JsonNode evidence,
        JsonNode gate,
        String createdBy,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String baseCommit,
        String resultCommit,
        String branch,
        String error,
        boolean cancelRequested,
        List<StageRecord> stages) {

    public StageRecord stage(StageName name) {
        return stages.stream().filter(s -> s.name() == name).findFirst().orElseThrow();
    }

    /** The first stage that has not succeeded or been skipped, where a resume starts. */
    public StageName firstUnfinishedStage() {
        return stages.stream()
                .filter(s -> !s.status().isDone())
                .map(StageRecord::name)
                .findFirst()
                .orElse(null);
    }
}
