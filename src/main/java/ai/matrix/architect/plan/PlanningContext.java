package ai.matrix.architect.plan;

import ai.matrix.architect.job.JobRequest;
import java.util.List;

/**
 * What a planner is told about a job: the goal, the constraints, and the repository at the pinned commit as
 * {@link RepoContext} gathered it (a capped file tree and the contents of the most relevant text files).
 *
 * @param repo how the repository is named to people ({@code git file:///…}, {@code github owner/repo})
 * @param tree repository-relative paths, sorted; at most {@link RepoContext#MAX_TREE_ENTRIES}
 * @param treeTruncated the repository has more entries than the tree lists
 * @param files contents sent, most relevant first
 * @param omitted how many text files did not fit within the byte budget
 */
public record PlanningContext(
        String goal,
        JobRequest.Constraints constraints,
        String repo,
        String commit,
        List<String> tree,
        boolean treeTruncated,
        List<File> files,
        int omitted) {

    public PlanningContext {
        tree = List.copyOf(tree);
        files = List.copyOf(files);
    }

    /** One file's content as sent, and why it was chosen ({@code build}, {@code goal}, {@code other}). */
    public record File(String path, String content, String reason) {}

    public long contentBytes() {
        return files.stream()
                .mapToLong(f -> f.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .sum();
    }
}
