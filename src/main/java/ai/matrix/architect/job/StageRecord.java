package ai.matrix.architect.job;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** One stage of one job: its status and its checkpointed output. */
public record StageRecord(
        StageName name,
        StageStatus status,
        int attempts,
        Instant startedAt,
        Instant finishedAt,
        String summary,
        String worker,
        JsonNode output) {}
