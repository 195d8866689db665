package ai.matrix.architect.deploy;

/**
 * The answer of a health wait.
 *
 * @param healthy rollout complete (and the health URL answered 2xx when there is one)
 * @param timedOut the deadline passed before the release became healthy
 * @param evidence what was seen, in words ("3/3 replicas ready; GET /health: HTTP 200")
 */
public record Health(boolean healthy, boolean timedOut, String evidence) {
    public static Health ok(String evidence) {
        return new Health(true, false, evidence);
    }

    public static Health failed(String evidence) {
        return new Health(false, false, evidence);
    }

    public static Health timedOut(String evidence) {
        return new Health(false, true, evidence);
    }
}
