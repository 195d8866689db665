package ai.matrix.architect.job;

/** Filters and paging of the job list; null filters match everything. */
public record JobQuery(JobStatus status, StageName stage, String createdBy, String repo, int limit, String cursor) {}
