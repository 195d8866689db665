package ai.matrix.architect.job;

/** The job (or something of it) does not exist, or is not visible to the caller: answered with 404. */
public class JobNotFoundException extends RuntimeException {
    public JobNotFoundException(String id) {
        super("No job with id " + id + ".");
    }

    protected JobNotFoundException(String message, boolean unused) {
        super(message);
    }

    public static class ArtifactNotFound extends JobNotFoundException {
        public ArtifactNotFound(String jobId, String name) {
            super("Job " + jobId + " has no artifact named '" + name + "'.", true);
        }
    }
}
