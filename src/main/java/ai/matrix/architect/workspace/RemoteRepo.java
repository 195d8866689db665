package ai.matrix.architect.workspace;

/**
 * Where a job's repository comes from.
 *
 * @param url what git clones from and pushes to
 * @param ref branch, tag or commit to start from; null means the remote's default branch
 * @param display a short name for lists and logs
 */
public record RemoteRepo(String url, String ref, String display) {}
