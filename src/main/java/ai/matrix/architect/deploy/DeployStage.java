package ai.matrix.architect.deploy;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.job.StageName;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * DEPLOY: skipped when the job names no target; an unknown target fails with the configured names. No deploy
 * adapter is built yet, so a configured target fails saying so rather than pretending to deploy.
 */
@Component
class DeployStage implements Stage {
    private final ArchitectProperties props;

    DeployStage(ArchitectProperties props) {
        this.props = props;
    }

    @Override
    public StageName name() {
        return StageName.DEPLOY;
    }

    @Override
    public StageOutcome run(StageContext ctx) {
        JobRequest.Deploy deploy = ctx.job().spec().deploy();
        if (deploy == null || deploy.target() == null) return StageOutcome.skipped("no deploy target");
        var known = new TreeSet<>(props.deployTargets().keySet());
        if (!known.contains(deploy.target())) {
            return StageOutcome.failed("Unknown deploy target '" + deploy.target() + "'; "
                    + (known.isEmpty()
                            ? "no deploy targets are configured on this server."
                            : "configured targets: " + String.join(", ", known) + "."));
        }
        return StageOutcome.failed("Deploy target '" + deploy.target() + "' is configured, but this server has no"
                + " deploy adapter yet; nothing was deployed.");
    }
}
