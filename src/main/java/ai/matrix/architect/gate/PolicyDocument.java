package ai.matrix.architect.gate;

import java.util.List;
import java.util.Map;

/**
 * A policy file as written: named parameters and rules whose {@code when} is a CEL expression over the gate
 * input; a true {@code when} yields the rule's decision.
 */
public record PolicyDocument(
        String name, String description, Map<String, Object> params, List<Rule> rules, List<RiskRule> risk) {

    /**
     * @param approvals how many distinct people must approve (require_approval only); 1 when not given
     * @param roles the roles allowed to approve (or any role above them); empty means operator and admin
     * @param messageExpr an optional CEL string expression giving a more precise message
     */
    public record Rule(
            String id,
            Expression when,
            Decision decision,
            String message,
            Expression messageExpr,
            int approvals,
            List<String> roles) {}

    public record RiskRule(String level, Expression when) {}

    /** A CEL expression with where it starts in the YAML file, to report errors at their place in the file. */
    public record Expression(String text, int line, int column, boolean block, boolean quoted) {}
}
