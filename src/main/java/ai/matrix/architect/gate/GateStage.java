package ai.matrix.architect.gate;

import ai.matrix.architect.engine.ApprovalDesk;
import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.engine.StageOutcome;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobFacts;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.job.StageRecord;
import ai.matrix.architect.job.StageStatus;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * GATE: evaluates the built-in rules, every active policy and (when configured) the Guardian over the job's
 * input. Deny fails the job; require_approval leaves the stage running while the job waits in
 * awaiting_approval, holding no worker, until enough people approve, someone rejects, or the wait expires.
 */
@Component
class GateStage implements Stage {
    private final ObjectMapper json;
    private final Policies policies;
    private final GateInputs inputs;
    private final GateEvaluator evaluator;
    private final GateProperties props;
    private final Approvals approvals;
    private final ApproverHint hint;

    GateStage(
            ObjectMapper json,
            Policies policies,
            GateInputs inputs,
            GateEvaluator evaluator,
            GateProperties props,
            Approvals approvals,
            ApproverHint hint) {
        this.hint = hint;
        this.json = json;
        this.policies = policies;
        this.inputs = inputs;
        this.evaluator = evaluator;
        this.props = props;
        this.approvals = approvals;
    }

    /** What an approval binds to (the diff's digest and commits) and what decided (each policy's digest). */
    private void bind(Job job, ObjectNode gate) {
        ApprovalDesk.DiffBinding diff = approvals.binding(job);
        ObjectNode d = gate.putObject("diff");
        d.put("sha256", diff.diffDigest());
        d.put("base_commit", diff.baseCommit());
        d.put("result_commit", diff.resultCommit());
        ObjectNode digests = gate.putObject("policy_digests");
        policies.activeDigests().forEach(digests::put);
    }

    @Override
    public StageName name() {
        return StageName.GATE;
    }

    @Override
    public StageOutcome run(StageContext ctx) {
        Job job = ctx.job();
        StageRecord verify = job.stage(StageName.VERIFY);
        if (verify.status() != StageStatus.SUCCEEDED && verify.status() != StageStatus.SKIPPED) {
            return StageOutcome.failed("denied: VERIFY did not succeed");
        }
        Map<String, Object> input = inputs.of(job);
        GateResult result = evaluator.evaluate(job.id(), input, policies.active(), true);
        for (RuleOutcome o : result.rules()) {
            if (o.matched())
                ctx.log().line("[GATE] " + o.policy() + "/" + o.rule() + ": " + o.outcome() + " — " + o.message());
        }
        if (result.guardian() != null) {
            ctx.log()
                    .line("[GATE] Guardian " + result.guardian().url() + ": "
                            + result.guardian().decision() + " in "
                            + result.guardian().latencyMs() + " ms"
                            + (result.guardian().error() == null
                                    ? ""
                                    : " (" + result.guardian().error() + ")"));
        }
        Decision decision = Decision.fromWire(result.decision());
        ApprovalDesk.Wait wait = null;
        if (decision == Decision.REQUIRE_APPROVAL) {
            wait = approvals.waitFor(result);
            result = result.withExpiry(wait.expiresAt().toString());
        }
        ObjectNode gate = json.valueToTree(result);
        bind(job, gate);
        JobFacts facts = JobFacts.gate(gate);
        String reasons = String.join("; ", result.reasons());
        if (decision == Decision.REQUIRE_APPROVAL) {
            String waiting = hint.waiting(result.requiredApprovals(), result.approverRoles(), job.createdBy(), reasons);
            List<String> stale = approvals.staleReasons(job);
            if (!stale.isEmpty()) {
                waiting = "waiting again: " + stale.size() + " earlier approval(s) no longer count: "
                        + String.join("; ", stale) + ". " + waiting;
            }
            ctx.log().line("[GATE] " + waiting);
            return new StageOutcome.AwaitApproval(waiting, gate, facts, wait);
        }
        return switch (decision) {
            case DENY, REQUIRE_APPROVAL -> new StageOutcome.Failed("denied: " + reasons, gate, facts);
            case ALLOW -> new StageOutcome.Succeeded("allowed (risk " + result.risk() + ")", gate, facts);
        };
    }
}
