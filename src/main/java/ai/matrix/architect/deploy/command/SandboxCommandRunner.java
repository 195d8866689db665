package ai.matrix.architect.deploy.command;

import ai.matrix.architect.deploy.DeployException;
import ai.matrix.architect.deploy.ReleaseRequest;
import ai.matrix.architect.patch.PatchedWorkspaces;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxResult;
import ai.matrix.architect.sandbox.Sandboxes;
import ai.matrix.architect.sandbox.SecretFiles;
import ai.matrix.architect.secret.SecretException;
import ai.matrix.architect.secret.Secrets;
import ai.matrix.architect.workspace.SandboxGit;
import ai.matrix.architect.workspace.Workspace;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/** The sandbox, in the job's workspace at its result commit, with the target's secrets as variables and files. */
@Component
class SandboxCommandRunner implements CommandRunner {
    private final Sandboxes sandboxes;
    private final PatchedWorkspaces workspaces;
    private final Secrets secrets;

    SandboxCommandRunner(Sandboxes sandboxes, PatchedWorkspaces workspaces, Secrets secrets) {
        this.sandboxes = sandboxes;
        this.workspaces = workspaces;
        this.secrets = secrets;
    }

    @Override
    public Result run(
            String command, Map<String, String> env, List<String> refs, ReleaseRequest release, Consumer<String> lines)
            throws DeployException, InterruptedException {
        if (release.job() == null)
            throw new DeployException("no job to run the command of '" + release.target() + "' in");
        Map<String, String> secretEnv;
        try {
            secretEnv = secrets.environment(release.project(), refs);
        } catch (SecretException e) {
            throw new DeployException(
                    "deploy target '" + release.target() + "' cannot have its secrets: " + e.getMessage());
        }
        Map<String, String> all = new LinkedHashMap<>(secretEnv);
        all.putAll(env);
        try {
            Workspace ws = workspaces.of(release.job());
            try (SecretFiles files = sandboxes.secretFiles(secretEnv);
                    SandboxGit git = ws.sandboxGit()) {
                SandboxResult r = sandboxes.run(sandboxes
                        .request(
                                command,
                                ws.workTree(),
                                all,
                                null,
                                release.job().spec().allowNetwork(),
                                null,
                                lines)
                        .withSecretFiles(files));
                if (Thread.currentThread().isInterrupted()) throw interrupted(release, null);
                return new Result(r.exitCode(), r.duration().toMillis(), r.succeeded(), r.describe());
            }
        } catch (SandboxException e) {
            if (Thread.currentThread().isInterrupted()) throw interrupted(release, e);
            throw new DeployException("the command of '" + release.target() + "' could not run: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DeployException(
                    "the workspace of " + release.jobId() + " is not available: " + e.getMessage(), e);
        }
    }

    /**
     * A call that was interrupted (the worker stops, the job is cancelled) leaves the release deploying, so that
     * the attempt that follows tells the target it resumes this one.
     */
    private static InterruptedException interrupted(ReleaseRequest release, Exception cause) {
        InterruptedException e = new InterruptedException(
                "deploy of release " + release.releaseId() + " interrupted; the next attempt resumes it");
        if (cause != null) e.initCause(cause);
        return e;
    }
}
