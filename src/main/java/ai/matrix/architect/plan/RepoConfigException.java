package ai.matrix.architect.plan;

/** The repository's {@code .matrix-architect.yml} is unusable; the message says where and why. */
public class RepoConfigException extends Exception {
    public RepoConfigException(String message) {
        super(message);
    }
}
