package ai.matrix.architect.publish.forge;

/**
 * A request the host has: its number (GitLab's {@code iid}) and web address.
 *
 * @param action {@code opened} or {@code updated}, once PUBLISH has ensured it
 */
public record OpenRequest(long number, String url, String action) {
    OpenRequest as(String what) {
        return new OpenRequest(number, url, what);
    }
}
