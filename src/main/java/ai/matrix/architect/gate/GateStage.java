package ai.matrix.architect.gate;

import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.job.JobFacts;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.job.StageRecord;
import ai.matrix.architect.job.StageStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * GATE: allows the job when VERIFY succeeded; when the job (or the server's REQUIRE_APPROVALS) asks for
 * approval, the job waits in awaiting_approval, holding no worker, until a person approves or rejects it.
 */
@Component
class GateStage implements Stage {
    private final ObjectMapper json;

    GateStage(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public StageName name() {
        return StageName.GATE;
    }

    @Override
    public StageOutcome run(StageContext ctx) {
        StageRecord verify = ctx.job().stage(StageName.VERIFY);
        ObjectNode gate = json.createObjectNode();
        var reasons = gate.putArray("reasons");
        if (verify.status() == StageStatus.SUCCEEDED) {
            reasons.add("VERIFY succeeded: " + verify.summary());
        } else if (verify.status() == StageStatus.SKIPPED) {
            reasons.add("VERIFY was skipped (" + verify.summary() + ") and require_tests is off");
        } else {
            gate.put("decision", "deny");
            reasons.add("VERIFY did not succeed");
            return new StageOutcome.Failed(
                    "denied: VERIFY did not succeed", gate, new JobFacts(null, null, gate, null, null));
        }
        if (ctx.job().spec().requireApproval()) {
            gate.put("decision", "require_approval");
            reasons.add("approval required by the job's constraints (or REQUIRE_APPROVALS)");
            return new StageOutcome.AwaitApproval(
                    "awaiting approval", gate, new JobFacts(null, null, gate, null, null));
        }
        gate.put("decision", "allow");
        return new StageOutcome.Succeeded("allowed", gate, new JobFacts(null, null, gate, null, null));
    }
}
