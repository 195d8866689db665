package ai.matrix.architect.gate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Combines the built-in rules, every active policy and the Guardian into one decision: the most restrictive
 * outcome wins; approvals needed are the most any matching rule asks for, from roles every such rule allows.
 */
@Component
public class GateEvaluator {
    static final String BUILTIN = "builtin";
    private static final List<String> RISKS = List.of("low", "medium", "high", "critical");

    private final GuardianClient guardian;

    public GateEvaluator(GuardianClient guardian) {
        this.guardian = guardian;
    }

    public GateResult evaluate(
            String jobId, Map<String, Object> input, List<CompiledPolicy> policies, boolean askGuardian) {
        List<RuleOutcome> rules = new ArrayList<>(builtins(input));
        String risk = "low";
        List<String> names = new ArrayList<>();
        for (CompiledPolicy p : policies) {
            CompiledPolicy.Result r = p.evaluate(input);
            rules.addAll(r.rules());
            if (RISKS.indexOf(r.risk()) > RISKS.indexOf(risk)) risk = r.risk();
            names.add(p.name() + "@" + p.version());
        }
        Decision decision = Decision.ALLOW;
        List<String> reasons = new ArrayList<>();
        int approvals = 0;
        Set<String> roles = null;
        for (RuleOutcome o : rules) {
            if (!o.matched()) continue;
            Decision d = Decision.fromWire(o.outcome());
            decision = decision.mostRestrictive(d);
            if (d != Decision.ALLOW) reasons.add(o.message());
            if (d == Decision.REQUIRE_APPROVAL) {
                approvals = Math.max(approvals, o.approvals() == null ? 1 : o.approvals());
                if (roles == null) roles = new LinkedHashSet<>(o.roles());
                else roles.retainAll(o.roles());
            }
        }
        GuardianAnswer answer = null;
        if (askGuardian && guardian.enabled()) {
            answer = guardian.ask(jobId, input);
            Decision d = Decision.fromWire(answer.decision());
            decision = decision.mostRestrictive(d);
            if (d != Decision.ALLOW) {
                reasons.add("Guardian: " + d.wire()
                        + (answer.reasons().isEmpty() ? "" : " (" + String.join("; ", answer.reasons()) + ")"));
            }
            if (d == Decision.REQUIRE_APPROVAL) approvals = Math.max(approvals, 1);
        }
        if (decision != Decision.REQUIRE_APPROVAL) {
            approvals = 0;
            roles = null;
        } else if (roles == null || roles.isEmpty()) {
            roles = roles == null
                    ? new LinkedHashSet<>(List.of("operator", "admin"))
                    : new LinkedHashSet<>(List.of("admin"));
        }
        if (decision == Decision.DENY) risk = "critical";
        return new GateResult(
                decision.wire(),
                risk,
                reasons,
                rules,
                approvals,
                roles == null ? null : List.copyOf(roles),
                names,
                answer,
                null);
    }

    /** Rules that hold whatever the policies say: they keep REQUIRE_APPROVALS and the role model meaningful. */
    @SuppressWarnings("unchecked")
    private static List<RuleOutcome> builtins(Map<String, Object> input) {
        Map<String, Object> job = (Map<String, Object>) input.get("job");
        Map<String, Object> cons = (Map<String, Object>) job.get("constraints");
        Map<String, Object> deploy = (Map<String, Object>) input.get("deploy");
        Map<String, Object> actor = (Map<String, Object>) input.get("actor");
        List<RuleOutcome> out = new ArrayList<>();
        boolean required = Boolean.TRUE.equals(cons.get("require_approval"));
        out.add(
                required
                        ? new RuleOutcome(
                                BUILTIN,
                                0,
                                "require_approval",
                                true,
                                Decision.REQUIRE_APPROVAL.wire(),
                                "approval required by the job's constraints (or REQUIRE_APPROVALS)",
                                1,
                                List.of("operator", "admin"),
                                null)
                        : new RuleOutcome(
                                BUILTIN, 0, "require_approval", false, Decision.ALLOW.wire(), null, null, null, null));
        boolean production = "production".equals(deploy.get("environment"));
        boolean admin = "admin".equals(actor.get("role"));
        out.add(
                production && !admin
                        ? new RuleOutcome(
                                BUILTIN,
                                0,
                                "production_needs_admin",
                                true,
                                Decision.DENY.wire(),
                                "deploying to production needs a job created by an admin; " + actor.get("name") + " is "
                                        + actor.get("role"),
                                null,
                                null,
                                null)
                        : new RuleOutcome(
                                BUILTIN,
                                0,
                                "production_needs_admin",
                                false,
                                Decision.ALLOW.wire(),
                                null,
                                null,
                                null,
                                null));
        boolean unknownTarget = !"".equals(deploy.get("target")) && !Boolean.TRUE.equals(deploy.get("configured"));
        out.add(
                unknownTarget
                        ? new RuleOutcome(
                                BUILTIN,
                                0,
                                "deploy_target_known",
                                true,
                                Decision.DENY.wire(),
                                "deploy target '" + deploy.get("target") + "' is not configured on this server",
                                null,
                                null,
                                null)
                        : new RuleOutcome(
                                BUILTIN,
                                0,
                                "deploy_target_known",
                                false,
                                Decision.ALLOW.wire(),
                                null,
                                null,
                                null,
                                null));
        return out;
    }
}
