package ai.matrix.architect.archfixture.stage;

import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.job.JobStatus;
import ai.matrix.architect.job.JobStore;
import ai.matrix.architect.job.StageName;
import java.time.Instant;
import java.util.List;

/** A stage that moves its job's status itself, which the architecture rules must refuse. */
public class SelfPromotingStage implements Stage {
    private final JobStore store;

    public SelfPromotingStage(JobStore store) {
        this.store = store;
    }

    @Override
    public StageName name() {
        return StageName.DEPLOY;
    }

    @Override
    public StageOutcome run(StageContext ctx) {
        store.transition(ctx.job().id(), List.of(JobStatus.RUNNING), JobStatus.SUCCEEDED, Instant.now());
        return StageOutcome.succeeded("done", null);
    }
}
