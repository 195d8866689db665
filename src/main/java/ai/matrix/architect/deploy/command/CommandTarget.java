package ai.matrix.architect.deploy.command;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.deploy.DeployException;
import ai.matrix.architect.deploy.DeployTarget;
import ai.matrix.architect.deploy.Deployed;
import ai.matrix.architect.deploy.Health;
import ai.matrix.architect.deploy.HealthUrl;
import ai.matrix.architect.deploy.ReleaseRecord;
import ai.matrix.architect.deploy.ReleaseRequest;
import ai.matrix.architect.deploy.TargetState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code command} target: its command runs in the sandbox at the result commit, told the release id and
 * whether the call resumes an interrupted one ({@code MATRIX_RELEASE_RESUMED}); health is its health URL when it
 * has one; a rollback runs its rollback command told the release to go back to ({@code ROLLBACK_TO_RELEASE_ID},
 * {@code ROLLBACK_TO_COMMIT}). It cannot say what runs on the target: {@link #describe} says what it would run.
 */
public class CommandTarget implements DeployTarget {
    private static final int DEPLOY_CAP = 64 * 1024;
    private static final int ROLLBACK_CAP = 128 * 1024;

    private final String name;
    private final ArchitectProperties.DeployTarget config;
    private final CommandRunner runner;
    private final HealthUrl health;

    public CommandTarget(String name, ArchitectProperties.DeployTarget config, CommandRunner runner, HealthUrl health) {
        this.name = name;
        this.config = config;
        this.runner = runner;
        this.health = health;
    }

    @Override
    public String type() {
        return "command";
    }

    @Override
    public Deployed deploy(ReleaseRequest release) throws DeployException, InterruptedException {
        if (config.command() == null || config.command().isBlank()) {
            throw new DeployException("Deploy target '" + name + "' has no command; nothing was deployed.");
        }
        if (!config.secrets().isEmpty())
            release.log().accept("[DEPLOY] secrets given to the command: " + config.secrets());
        release.log()
                .accept("[DEPLOY] release " + release.releaseId() + " to " + name + " (" + config.environment() + "): "
                        + config.command());
        return run(config.command(), environment(release), release, DEPLOY_CAP, "deploy command failed: ");
    }

    @Override
    public Health awaitHealth(ReleaseRequest release, Deployed deployed, Instant deadline) throws InterruptedException {
        if (config.healthUrl() == null || config.healthUrl().isBlank()) {
            return Health.ok("the command succeeded (no health URL configured)");
        }
        return health.await(config.healthUrl(), deadline);
    }

    @Override
    public boolean canRollBack() {
        return config.rollbackCommand() != null && !config.rollbackCommand().isBlank();
    }

    @Override
    public Deployed rollBack(ReleaseRequest release, ReleaseRecord to) throws DeployException, InterruptedException {
        Map<String, String> env = environment(release);
        env.put("ROLLBACK_TO_RELEASE_ID", to == null ? "" : to.id());
        env.put("ROLLBACK_TO_COMMIT", to == null || to.commit() == null ? "" : to.commit());
        release.log().accept("[DEPLOY] rollback command: " + config.rollbackCommand());
        return run(config.rollbackCommand(), env, release, ROLLBACK_CAP, "the rollback command failed: ");
    }

    @Override
    public TargetState describe() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(
                "health_check",
                config.healthUrl() != null && !config.healthUrl().isBlank());
        details.put("rollback", canRollBack());
        return new TargetState(
                "command target: runs its command in the sandbox; it reports no state of its own", details);
    }

    private Deployed run(String command, Map<String, String> env, ReleaseRequest release, int cap, String failure)
            throws DeployException, InterruptedException {
        StringBuilder output = new StringBuilder();
        CommandRunner.Result r = runner.run(command, env, config.secrets(), release, line -> {
            if (output.length() < cap) output.append(line).append('\n');
            release.log().accept(line);
        });
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("command", command);
        details.put("exit_code", r.exitCode());
        details.put("duration_ms", r.durationMs());
        Deployed done =
                new Deployed(Map.of("commit", nonNull(release.commit())), null, null, output.toString(), details);
        if (!r.succeeded()) throw new DeployException(failure + r.describe(), done);
        return done;
    }

    private Map<String, String> environment(ReleaseRequest release) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RELEASE_ID", release.releaseId());
        env.put("MATRIX_RELEASE_ID", release.releaseId());
        env.put(
                "MATRIX_RELEASE_RESUMED",
                Boolean.toString(release.attempt() != null && release.attempt().resumed()));
        env.put(
                "MATRIX_RELEASE_ATTEMPT",
                Integer.toString(
                        release.attempt() == null ? 0 : release.attempt().number()));
        env.put("JOB_ID", nonNull(release.jobId()));
        env.put("DEPLOY_TARGET", name);
        env.put("DEPLOY_ENVIRONMENT", nonNull(config.environment()));
        env.put("RESULT_COMMIT", nonNull(release.commit()));
        return env;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
