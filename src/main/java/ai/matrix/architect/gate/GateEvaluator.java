package ai.matrix.architect.gate;

import ai.matrix.architect.security.Role;
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
                    ? new LinkedHashSet<>(Role.wiresFrom(Role.OPERATOR))
                    : new LinkedHashSet<>(Role.wiresFrom(Role.ADMIN));
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
                                Role.wiresFrom(Role.OPERATOR),
                                null)
                        : allowed("require_approval"));
        boolean production = "production".equals(deploy.get("environment"));
        boolean admin = Role.parse(String.valueOf(actor.get("role")))
                .filter(r -> r.atLeast(Role.ADMIN))
                .isPresent();
        out.add(
                production && !admin
                        ? denied(
                                "production_needs_admin",
                                "deploying to production needs a job created by an admin; " + actor.get("name") + " is "
                                        + actor.get("role"))
                        : allowed("production_needs_admin"));
        boolean unknownTarget = !"".equals(deploy.get("target")) && !Boolean.TRUE.equals(deploy.get("configured"));
        out.add(
                unknownTarget
                        ? denied(
                                "deploy_target_known",
                                "deploy target '" + deploy.get("target") + "' is not configured on this server")
                        : allowed("deploy_target_known"));
        return out;
    }

    private static RuleOutcome allowed(String rule) {
        return new RuleOutcome(BUILTIN, 0, rule, false, Decision.ALLOW.wire(), null, null, null, null);
    }

    private static RuleOutcome denied(String rule, String message) {
        return new RuleOutcome(BUILTIN, 0, rule, true, Decision.DENY.wire(), message, null, null, null);
    }
}
