package ai.matrix.architect.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * DEPLOY's checkpointed output. The release, target and environment are always there; the rest is filled in as
 * the deploy gets that far (a reused release has {@code reused} and the earlier output only).
 *
 * @param attempt which call to the target this was for the release, and whether it resumed an interrupted one
 * @param output what the command (and the rollback) printed, capped
 * @param health the health check's answer, when the target has a health URL and the command succeeded
 * @param rollback what the rollback did, when one ran
 */
@JsonPropertyOrder({
    "release_id",
    "target",
    "environment",
    "reused",
    "attempt",
    "command",
    "exit_code",
    "duration_ms",
    "output",
    "health_url",
    "health",
    "rollback",
    "type",
    "status",
    "deployed",
    "previous_release"
})
public record DeployOutput(
        String releaseId,
        String target,
        String environment,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean reused,
        @JsonInclude(JsonInclude.Include.NON_NULL) Attempt attempt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String command,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer exitCode,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long durationMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) String output,
        @JsonInclude(JsonInclude.Include.NON_NULL) String healthUrl,
        @JsonInclude(JsonInclude.Include.NON_NULL) String health,
        @JsonInclude(JsonInclude.Include.NON_NULL) Rollback rollback,
        @JsonInclude(JsonInclude.Include.NON_NULL) String type,
        @JsonInclude(JsonInclude.Include.NON_NULL) String status,
        @JsonInclude(JsonInclude.Include.NON_NULL) java.util.Map<String, String> deployed,
        @JsonInclude(JsonInclude.Include.NON_NULL) String previousRelease) {

    /** A release that is about to run: only what identifies it. */
    static DeployOutput started(String releaseId, String target, String environment) {
        return new DeployOutput(
                releaseId,
                target,
                environment,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    DeployOutput reused(String earlierOutput) {
        return new DeployOutput(
                releaseId,
                target,
                environment,
                true,
                null,
                null,
                null,
                null,
                earlierOutput,
                null,
                null,
                null,
                type,
                status,
                deployed,
                previousRelease);
    }

    DeployOutput ran(String command, int exitCode, long durationMs, String output) {
        return new DeployOutput(
                releaseId,
                target,
                environment,
                reused,
                attempt,
                command,
                exitCode,
                durationMs,
                output,
                null,
                null,
                null,
                type,
                status,
                deployed,
                previousRelease);
    }

    DeployOutput checked(String healthUrl, String health) {
        return after(healthUrl, health, rollback, output);
    }

    /** What a target that runs no command printed. */
    DeployOutput printed(String output) {
        return after(healthUrl, health, rollback, output);
    }

    DeployOutput rolledBack(Rollback rollback, String output) {
        return after(healthUrl, health, rollback, output);
    }

    private DeployOutput after(String healthUrl, String health, Rollback rollback, String output) {
        return new DeployOutput(
                releaseId,
                target,
                environment,
                reused,
                attempt,
                command,
                exitCode,
                durationMs,
                output,
                healthUrl,
                health,
                rollback,
                type,
                status,
                deployed,
                previousRelease);
    }

    /** This call to the target for the release: a new attempt, recorded on the release, before the command runs. */
    DeployOutput attempted(Attempt attempt) {
        return with(attempt, type, status, deployed, previousRelease);
    }

    /** The release's type, status, what it deployed and the release it replaced. */
    DeployOutput described(String type, String status, java.util.Map<String, String> deployed, String previous) {
        return with(attempt, type, status, deployed, previous);
    }

    private DeployOutput with(
            Attempt attempt, String type, String status, java.util.Map<String, String> deployed, String previous) {
        return new DeployOutput(
                releaseId,
                target,
                environment,
                reused,
                attempt,
                command,
                exitCode,
                durationMs,
                output,
                healthUrl,
                health,
                rollback,
                type,
                status,
                deployed,
                previous);
    }

    /**
     * Which call to the target this is for the release (1, 2, …) and whether it resumes an attempt that was
     * interrupted (its worker died or stopped) before it finished; the command sees both in its environment.
     */
    @JsonPropertyOrder({"number", "resumed"})
    public record Attempt(int number, boolean resumed) {}

    /**
     * The rollback that ran: the command (command targets), the release it went back to (null when none was
     * healthy before), the command's exit code, and how it went.
     */
    @JsonPropertyOrder({"command", "to_release", "exit_code", "status"})
    public record Rollback(
            @JsonInclude(JsonInclude.Include.NON_NULL) String command,
            @JsonInclude(JsonInclude.Include.NON_NULL) String toRelease,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer exitCode,
            String status) {}
}
