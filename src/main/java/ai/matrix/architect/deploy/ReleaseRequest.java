package ai.matrix.architect.deploy;

import ai.matrix.architect.job.Job;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One call to a target for a release.
 *
 * @param releaseId the release id, the idempotency key ({@code rel_<job>})
 * @param target the target's configured name
 * @param environment the target's environment
 * @param jobId the job whose result is deployed
 * @param project the job's project (whose secrets the target may use)
 * @param commit the job's result commit
 * @param attempt which call for the release this is and whether it resumes an interrupted one
 * @param workTree the repository at the result commit; null for an explicit rollback, which needs none
 * @param job the job, when there is one at hand (a command target runs in its workspace)
 * @param log where progress lines go (the job's DEPLOY log)
 */
public record ReleaseRequest(
        String releaseId,
        String target,
        String environment,
        String jobId,
        String project,
        String commit,
        DeployOutput.Attempt attempt,
        Path workTree,
        Job job,
        Consumer<String> log) {

    public ReleaseRequest withAttempt(DeployOutput.Attempt a) {
        return new ReleaseRequest(releaseId, target, environment, jobId, project, commit, a, workTree, job, log);
    }
}
