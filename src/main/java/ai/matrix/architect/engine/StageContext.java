package ai.matrix.architect.engine;

import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.StageName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What a stage gets: the job as stored, this attempt's number, the log to write to, and the outputs earlier
 * stages checkpointed, read as their typed records.
 */
public record StageContext(Job job, int attempt, StageLog log, ObjectMapper json) {

    /** The checkpointed output of an earlier stage as stored, or null. */
    public JsonNode output(StageName stage) {
        return job.stage(stage).output();
    }

    /**
     * The checkpointed output of an earlier stage as its record (e.g. {@code output(PATCH, PatchOutput.class)}),
     * or null when the stage recorded none.
     */
    public <T> T output(StageName stage, Class<T> type) {
        JsonNode stored = output(stage);
        return stored == null || stored.isNull() ? null : json.treeToValue(stored, type);
    }
}
