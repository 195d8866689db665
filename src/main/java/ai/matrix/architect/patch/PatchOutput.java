package ai.matrix.architect.patch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * PATCH's checkpointed output, read by GATE, DEPLOY and PUBLISH (and by any worker rebuilding the patched tree).
 * When the plan changed nothing, only the commits and the (empty) file list are set.
 *
 * @param baseCommit the commit the change starts from
 * @param changedFiles the paths the change touches
 * @param resultCommit the commit made on the job branch; equal to {@code baseCommit} when nothing changed
 * @param commitTime the commit's time (whole seconds), so that a rebuilt commit has the same id
 * @param commitMessage the commit's message, for the same reason
 * @param diffLines added plus removed lines
 * @param branch the job branch the commit is on
 * @param recipes what each recipe op did (tools, versions, arguments, its own diff), in plan order; empty without
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "base_commit",
    "changed_files",
    "result_commit",
    "commit_time",
    "commit_message",
    "diff_lines",
    "branch",
    "recipes"
})
public record PatchOutput(
        String baseCommit,
        List<String> changedFiles,
        String resultCommit,
        String commitTime,
        String commitMessage,
        Integer diffLines,
        String branch,
        List<RecipeOutcome> recipes) {

    public PatchOutput(
            String baseCommit,
            List<String> changedFiles,
            String resultCommit,
            String commitTime,
            String commitMessage,
            Integer diffLines,
            String branch) {
        this(baseCommit, changedFiles, resultCommit, commitTime, commitMessage, diffLines, branch, null);
    }

    /** The output of a plan that changed no files: the result is the base. */
    public static PatchOutput unchanged(String base, List<String> changedFiles) {
        return new PatchOutput(base, changedFiles, base, null, null, null, null);
    }

    /** This output with what the plan's recipe ops did; none leaves the field out. */
    public PatchOutput withRecipes(List<RecipeOutcome> done) {
        return new PatchOutput(
                baseCommit,
                changedFiles,
                resultCommit,
                commitTime,
                commitMessage,
                diffLines,
                branch,
                done == null || done.isEmpty() ? null : List.copyOf(done));
    }

    public boolean changedNothing() {
        return baseCommit.equals(resultCommit);
    }
}
