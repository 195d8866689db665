package ai.matrix.architect.patch;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What one recipe op did, recorded in PATCH's output.
 *
 * @param op where the op is in the plan: {@code steps[0].ops[1]}
 * @param name the recipe
 * @param args every argument's value, defaults included
 * @param tools each tool the recipe ran and its version, as the tool reported it in the sandbox
 * @param status {@code applied}, or {@code skipped} when it changed nothing
 * @param reason why it was skipped
 * @param changedFiles the files it changed
 * @param diffLines the lines its own diff adds and removes
 * @param diffArtifact the artifact holding its own diff
 * @param report what its tools reported besides changing files ("flake8: 0 finding(s) left")
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecipeOutcome(
        String op,
        String name,
        Map<String, String> args,
        Map<String, String> tools,
        String status,
        String reason,
        List<String> changedFiles,
        int diffLines,
        String diffArtifact,
        List<String> report) {
    public static final String APPLIED = "applied";
    public static final String SKIPPED = "skipped";
}
