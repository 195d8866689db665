package ai.matrix.architect.plan;

import ai.matrix.architect.cli.SampleRepository;
import java.nio.file.Path;

/** Plans as a model would write them, for the sample calculator repository. */
public final class PlanFixtures {
    private PlanFixtures() {}

    /** The demo's plan (mul() by a unified diff, its tests by a new file), as the JSON object a model answers. */
    public static String mulPlan() {
        return FakeModelProvider.JSON.writeValueAsString(
                SampleRepository.jobRequest(Path.of(".")).get("plan"));
    }

    /** The plan as models often answer: a sentence, then the JSON object in a Markdown fence. */
    public static String fenced(String plan) {
        return "Here is the plan.\n\n```json\n" + plan + "\n```\n";
    }

    /** A plan that writes outside the repository: valid JSON, refused by the plan rules. */
    public static String escapingPlan() {
        return """
                {"summary": "x", "steps": [{"id": "s1", "title": "t", "ops": [
                  {"op": "create", "path": "../outside.txt", "content": "x"}]}]}""";
    }
}
