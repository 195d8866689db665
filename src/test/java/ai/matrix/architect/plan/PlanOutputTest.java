package ai.matrix.architect.plan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.job.JobRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** PLAN's output record is stored as the same JSON the stage wrote by hand before it had a type. */
class PlanOutputTest {
    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    @Test
    void aPlanFromTheRequestHasNoCommitAndNoPlanner() {
        JobRequest.Plan plan = new JobRequest.Plan("add mul", null, List.of());
        String text = JSON.writeValueAsString(new PlanOutput(null, null, "request", plan));
        assertThat(text).startsWith("{\"source\":\"request\",\"plan\":{").contains("\"summary\":\"add mul\"");
        assertThat(JSON.readValue(text, PlanOutput.class).plan()).isEqualTo(plan);
    }

    @Test
    void aPlannerFailureKeepsTheCommitAndThePlannerRecordOnly() {
        ObjectNode planner = JSON.createObjectNode().put("provider", "openai");
        assertThat(JSON.writeValueAsString(new PlanOutput("c1", planner, null, null)))
                .isEqualTo("{\"base_commit\":\"c1\",\"planner\":{\"provider\":\"openai\"}}");
    }
}
