package ai.matrix.architect.workspace;

/**
 * Where a job's repository comes from.
 *
 * @param url what git clones from and pushes to
 * @param ref branch, tag or commit to start from; null means the remote's default branch
 * @param display a short name for lists and logs
 * @param pinnedResolve {@code host:port:address} that https connections are pinned to, or null
 */
public record RemoteRepo(String url, String ref, String display, String pinnedResolve) {
    public RemoteRepo(String url, String ref, String display) {
        this(url, ref, display, null);
    }

    /**
     * Environment for git commands that reach this remote: with a pinned address, curl connects to the address
     * that was checked instead of looking the name up again ({@code http.curloptResolve}).
     */
    public java.util.Map<String, String> gitEnv() {
        if (pinnedResolve == null) return java.util.Map.of();
        return java.util.Map.of(
                "GIT_CONFIG_COUNT", "1",
                "GIT_CONFIG_KEY_0", "http.curloptResolve",
                "GIT_CONFIG_VALUE_0", pinnedResolve);
    }
}
