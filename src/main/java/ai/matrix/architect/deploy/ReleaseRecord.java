package ai.matrix.architect.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A release as kept in the database (API: {@code GET /api/releases}).
 *
 * @param status {@code deploying}, {@code healthy} (the target's current release), {@code failed},
 *     {@code rolled_back} or {@code superseded}
 * @param deployed what was deployed (image references, digests of manifests, chart and values)
 * @param manifests the rendered manifests a rollback to this release re-applies; never in API answers
 * @param previousRelease the release that was current when this one started
 * @param project the project of the job whose result it deployed
 */
public record ReleaseRecord(
        String id,
        String target,
        String targetType,
        String environment,
        String jobId,
        String commit,
        String status,
        Map<String, String> deployed,
        @JsonInclude(JsonInclude.Include.NON_NULL) String revision,
        String health,
        String previousRelease,
        Instant startedAt,
        Instant finishedAt,
        Instant currentSince,
        @com.fasterxml.jackson.annotation.JsonIgnore String manifests,
        @com.fasterxml.jackson.annotation.JsonIgnore String output,
        String project) {

    public static final String DEPLOYING = "deploying";
    public static final String HEALTHY = "healthy";
    public static final String FAILED = "failed";
    public static final String ROLLED_BACK = "rolled_back";
    public static final String SUPERSEDED = "superseded";

    /** A release that once became healthy: one a rollback may go back to. */
    public boolean wasHealthy() {
        return HEALTHY.equals(status) || SUPERSEDED.equals(status);
    }
}
