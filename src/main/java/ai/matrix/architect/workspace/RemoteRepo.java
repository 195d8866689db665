package ai.matrix.architect.workspace;

/**
 * Where a job's repository comes from.
 *
 * @param url what git clones from and pushes to
 * @param ref branch, tag or commit to start from; null means the remote's default branch
 * @param display a short name for lists and logs
 * @param pinnedResolve {@code host:port:address} that https and ssh connections are pinned to, or null
 * @param caFile the PEM file of certificate authorities git trusts for this https remote, or null for the system's
 */
public record RemoteRepo(String url, String ref, String display, String pinnedResolve, String caFile) {
    public RemoteRepo(String url, String ref, String display) {
        this(url, ref, display, null, null);
    }

    public RemoteRepo(String url, String ref, String display, String pinnedResolve) {
        this(url, ref, display, pinnedResolve, null);
    }

    /** The pin for {@code host}: {@code host:port:address}, the address bracketed when it is IPv6. */
    public static String pin(String host, int port, java.net.InetAddress address) {
        String a = address.getHostAddress();
        if (address instanceof java.net.Inet6Address) a = "[" + a + "]";
        return host + ":" + port + ":" + a;
    }

    /**
     * Environment for git commands that reach this remote: with a pinned address, curl ({@code
     * http.curloptResolve}) and ssh ({@code HostName}, with the name kept as {@code HostKeyAlias} for the known
     * hosts) connect to the address that was checked instead of looking the name up again.
     */
    public java.util.Map<String, String> gitEnv() {
        if (pinnedResolve == null) return java.util.Map.of();
        if (isSsh(url)) {
            String host = pinnedResolve.substring(0, pinnedResolve.indexOf(':'));
            String address = pinnedResolve.substring(pinnedResolve.indexOf(':', host.length() + 1) + 1);
            if (address.startsWith("[")) address = address.substring(1, address.length() - 1);
            // GIT_SSH_COMMAND wins over the hardened core.sshCommand, so it repeats its options
            return java.util.Map.of(
                    "GIT_SSH_COMMAND", Git.SSH_COMMAND + " -o HostName=" + address + " -o HostKeyAlias=" + host);
        }
        if (caFile == null || caFile.isEmpty()) {
            return java.util.Map.of(
                    "GIT_CONFIG_COUNT", "1",
                    "GIT_CONFIG_KEY_0", "http.curloptResolve",
                    "GIT_CONFIG_VALUE_0", pinnedResolve);
        }
        return java.util.Map.of(
                "GIT_CONFIG_COUNT", "2",
                "GIT_CONFIG_KEY_0", "http.curloptResolve",
                "GIT_CONFIG_VALUE_0", pinnedResolve,
                "GIT_CONFIG_KEY_1", "http.sslCAInfo",
                "GIT_CONFIG_VALUE_1", caFile);
    }

    /** ssh:// URLs and scp-like {@code user@host:path} addresses. */
    static boolean isSsh(String url) {
        return url.startsWith("ssh://") || (!url.contains("://") && url.contains("@") && url.contains(":"));
    }
}
