package ai.matrix.architect.engine;

import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.StageName;
import tools.jackson.databind.JsonNode;

/** What a stage gets: the job as stored, this attempt's number, and the log to write to. */
public record StageContext(Job job, int attempt, StageLog log) {

    /** The checkpointed output of an earlier stage, or null. */
    public JsonNode output(StageName stage) {
        return job.stage(stage).output();
    }
}
