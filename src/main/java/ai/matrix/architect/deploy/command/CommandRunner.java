package ai.matrix.architect.deploy.command;

import ai.matrix.architect.deploy.DeployException;
import ai.matrix.architect.deploy.ReleaseRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs a command target's command for a release: in the sandbox, in the job's workspace, with its secrets. */
public interface CommandRunner {

    /** How the command ended; {@code describe} says it in words ("exit 3", "timed out after 30m"). */
    record Result(int exitCode, long durationMs, boolean succeeded, String describe) {}

    /**
     * @param secrets secret references the command receives as variables and files
     * @param lines each line the command prints
     * @throws DeployException when the command cannot run at all (no workspace, a secret that is refused)
     * @throws InterruptedException when the worker stops or the job is cancelled while it runs
     */
    Result run(
            String command,
            Map<String, String> env,
            List<String> secrets,
            ReleaseRequest release,
            Consumer<String> lines)
            throws DeployException, InterruptedException;
}
