package ai.matrix.architect.job;

import java.util.List;

/**
 * Filters and paging of the job list; null filters match everything.
 *
 * @param projects only jobs of these projects; null means every project
 */
public record JobQuery(
        JobStatus status,
        StageName stage,
        String createdBy,
        String repo,
        int limit,
        String cursor,
        List<String> projects) {

    public JobQuery(JobStatus status, StageName stage, String createdBy, String repo, int limit, String cursor) {
        this(status, stage, createdBy, repo, limit, cursor, null);
    }
}
