package ai.matrix.architect.publish.forge;

/**
 * A result posted on a commit, so that a protected branch can require it.
 *
 * @param context the status's name ({@code matrix-architect/verify})
 * @param state the outcome
 * @param targetUrl where it links to; may be empty
 */
public record CommitStatus(String context, State state, String description, String targetUrl) {
    public enum State {
        PENDING,
        SUCCESS,
        FAILURE
    }
}
