package ai.matrix.architect.plan;

import ai.matrix.architect.job.JobRequest;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.databind.JsonNode;

/**
 * PLAN's checkpointed output, read by PATCH.
 *
 * @param baseCommit the commit the plan was made for, pinned for PATCH; null when the plan came with the request
 * @param planner what was asked of the planner and what it answered (provider, model, context sizes, digests), or
 *     null when no planner was asked
 * @param source where the plan came from ("request", the repository's file, or the planner)
 * @param plan the plan PATCH applies; null when the planner failed
 * @param plannedBy which planner made it: {@code request}, {@code repository}, {@code recipes} or {@code model}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"base_commit", "planner", "source", "planned_by", "plan"})
public record PlanOutput(String baseCommit, JsonNode planner, String source, JobRequest.Plan plan, String plannedBy) {
    public PlanOutput(String baseCommit, JsonNode planner, String source, JobRequest.Plan plan) {
        this(baseCommit, planner, source, plan, null);
    }
}
