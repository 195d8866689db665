package ai.matrix.architect.gate;

import ai.matrix.architect.security.Role;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A policy version whose expressions all compiled: evaluating it cannot meet a syntax or type error. */
public final class CompiledPolicy {
    private final String name;
    private final int version;
    private final PolicyDocument document;
    private final List<CelRuntime.Program> when;
    private final List<CelRuntime.Program> messages;
    private final List<CelRuntime.Program> risk;
    private final Map<String, Object> params;

    CompiledPolicy(
            String name,
            int version,
            PolicyDocument document,
            List<CelRuntime.Program> when,
            List<CelRuntime.Program> messages,
            List<CelRuntime.Program> risk) {
        this.name = name;
        this.version = version;
        this.document = document;
        this.when = when;
        this.messages = messages;
        this.risk = risk;
        this.params = CelValues.normalizeMap(document.params());
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    public PolicyDocument document() {
        return document;
    }

    record Result(List<RuleOutcome> rules, String risk) {}

    Result evaluate(Map<String, Object> input) {
        Map<String, Object> vars = new java.util.HashMap<>(input);
        vars.put("params", params);
        List<RuleOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < document.rules().size(); i++) {
            PolicyDocument.Rule rule = document.rules().get(i);
            boolean approval = rule.decision() == Decision.REQUIRE_APPROVAL;
            try {
                Object value = when.get(i).eval(vars);
                if (!(value instanceof Boolean matched)) {
                    outcomes.add(failed(rule, "'when' gave " + value + " instead of true or false"));
                    continue;
                }
                if (!matched) {
                    outcomes.add(new RuleOutcome(
                            name, version, rule.id(), false, Decision.ALLOW.wire(), null, null, null, null));
                    continue;
                }
                String message = rule.message();
                if (messages.get(i) != null) {
                    try {
                        message = String.valueOf(messages.get(i).eval(vars));
                    } catch (CelEvaluationException e) {
                        // the static message stands in
                    }
                }
                outcomes.add(new RuleOutcome(
                        name,
                        version,
                        rule.id(),
                        true,
                        rule.decision().wire(),
                        message,
                        approval ? rule.approvals() : null,
                        approval ? effectiveRoles(rule) : null,
                        null));
            } catch (CelEvaluationException e) {
                outcomes.add(failed(rule, e.getMessage()));
            }
        }
        String level = "low";
        for (int i = 0; i < risk.size(); i++) {
            try {
                if (Boolean.TRUE.equals(risk.get(i).eval(vars))) {
                    level = document.risk().get(i).level();
                    break;
                }
            } catch (CelEvaluationException e) {
                level = "critical";
                break;
            }
        }
        return new Result(outcomes, level);
    }

    static List<String> effectiveRoles(PolicyDocument.Rule rule) {
        return rule.roles().isEmpty() ? Role.wiresFrom(Role.OPERATOR) : rule.roles();
    }

    private RuleOutcome failed(PolicyDocument.Rule rule, String error) {
        return new RuleOutcome(
                name,
                version,
                rule.id(),
                true,
                Decision.DENY.wire(),
                "rule '" + rule.id() + "' could not be evaluated, so it denies: " + error,
                null,
                null,
                error);
    }
}
