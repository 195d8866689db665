package ai.matrix.architect.gate;

import ai.matrix.architect.gate.PolicyDocument.Expression;
import ai.matrix.architect.gate.PolicyDocument.RiskRule;
import ai.matrix.architect.gate.PolicyDocument.Rule;
import ai.matrix.architect.security.Role;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads a policy file, keeping the position of every expression so that CEL errors point into the file. */
final class PolicyParser {
    static final Set<String> RISK_LEVELS = Set.of("low", "medium", "high", "critical");
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "params", "rules", "risk");
    private static final Set<String> RULE_KEYS =
            Set.of("id", "when", "decision", "message", "message_expr", "approvals", "roles");

    record Parsed(PolicyDocument document, List<PolicyProblem> problems) {}

    private final List<PolicyProblem> problems = new ArrayList<>();

    private PolicyParser() {}

    static Parsed parse(String source) {
        return new PolicyParser().run(source);
    }

    private Parsed run(String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(1_000_000);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(source == null ? "" : source));
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            problems.add(new PolicyProblem(
                    mark == null ? null : mark.getLine() + 1,
                    mark == null ? null : mark.getColumn() + 1,
                    null,
                    "YAML syntax error: " + e.getProblem()));
            return new Parsed(null, problems);
        } catch (YAMLException e) {
            problems.add(new PolicyProblem(null, null, null, "YAML error: " + e.getMessage()));
            return new Parsed(null, problems);
        }
        if (!(root instanceof MappingNode top)) {
            problems.add(problem(root, null, "a policy file must be a mapping with name and rules"));
            return new Parsed(null, problems);
        }
        Map<String, Node> fields = fields(top, TOP_KEYS, null);
        String name = string(fields.get("name"), null, "name", true);
        if (name != null && !name.matches("[a-z0-9][a-z0-9_-]{0,99}")) {
            problems.add(problem(fields.get("name"), null, "name must be lower-case letters, digits, '-' or '_'"));
        }
        String description = string(fields.get("description"), null, "description", false);
        Map<String, Object> params = new LinkedHashMap<>();
        Node paramsNode = fields.get("params");
        if (paramsNode != null) {
            Object whole = new Yaml(new SafeConstructor(options)).load(source);
            Object value = whole instanceof Map<?, ?> w ? w.get("params") : null;
            if (value instanceof Map<?, ?> m) {
                m.forEach((k, v) -> params.put(String.valueOf(k), v));
            } else if (value != null) {
                problems.add(problem(paramsNode, null, "params must be a mapping"));
            }
        }
        List<Rule> rules = rules(fields.get("rules"), top);
        List<RiskRule> risk = risk(fields.get("risk"));
        return new Parsed(new PolicyDocument(name, description, params, rules, risk), problems);
    }

    private List<Rule> rules(Node rulesNode, Node top) {
        List<Rule> rules = new ArrayList<>();
        if (!(rulesNode instanceof SequenceNode seq)) {
            problems.add(problem(rulesNode == null ? top : rulesNode, null, "rules must be a list of rules"));
            return rules;
        }
        Set<String> ids = new HashSet<>();
        for (Node n : seq.getValue()) {
            Rule r = rule(n);
            if (r == null) continue;
            if (!ids.add(r.id())) problems.add(problem(n, r.id(), "duplicate rule id '" + r.id() + "'"));
            rules.add(r);
        }
        return rules;
    }

    private List<RiskRule> risk(Node riskNode) {
        List<RiskRule> risk = new ArrayList<>();
        if (riskNode instanceof SequenceNode seq) {
            for (Node n : seq.getValue()) {
                if (!(n instanceof MappingNode m)) {
                    problems.add(problem(n, null, "each risk entry must be a mapping with level and when"));
                    continue;
                }
                Map<String, Node> f = fields(m, Set.of("level", "when"), "risk");
                String level = string(f.get("level"), "risk", "level", true);
                if (level != null && !RISK_LEVELS.contains(level)) {
                    problems.add(problem(f.get("level"), "risk", "level must be one of low, medium, high, critical"));
                }
                Expression when = expression(f.get("when"), "risk " + level, "when", true);
                if (level != null && when != null) risk.add(new RiskRule(level, when));
            }
        } else if (riskNode != null) {
            problems.add(problem(riskNode, null, "risk must be a list of {level, when}"));
        }
        return risk;
    }

    private Rule rule(Node n) {
        if (!(n instanceof MappingNode m)) {
            problems.add(problem(n, null, "each rule must be a mapping with id, when, decision and message"));
            return null;
        }
        Map<String, Node> f = fields(m, RULE_KEYS, "rule");
        String id = string(f.get("id"), null, "id", true);
        if (id == null) {
            problems.add(problem(n, null, "a rule needs an id"));
            return null;
        }
        Expression when = expression(f.get("when"), id, "when", true);
        String decisionText = string(f.get("decision"), id, "decision", true);
        Decision decision = null;
        if (decisionText != null) {
            try {
                decision = Decision.fromWire(decisionText);
            } catch (IllegalArgumentException e) {
                problems.add(problem(f.get("decision"), id, "decision must be allow, deny or require_approval"));
            }
        }
        String message = string(f.get("message"), id, "message", true);
        Expression messageExpr = expression(f.get("message_expr"), id, "message_expr", false);
        int approvals = 1;
        String approvalsText = string(f.get("approvals"), id, "approvals", false);
        if (approvalsText != null) {
            try {
                approvals = Integer.parseInt(approvalsText);
                if (approvals < 1 || approvals > 10) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                problems.add(problem(f.get("approvals"), id, "approvals must be a whole number from 1 to 10"));
            }
            if (decision != null && decision != Decision.REQUIRE_APPROVAL) {
                problems.add(problem(f.get("approvals"), id, "approvals only applies to require_approval rules"));
            }
        }
        List<String> roles = new ArrayList<>();
        Node rolesNode = f.get("roles");
        if (rolesNode instanceof SequenceNode seq) {
            for (Node r : seq.getValue()) {
                String role = string(r, id, "roles", true);
                if (role == null) continue;
                try {
                    roles.add(Role.fromWire(role).wire());
                } catch (IllegalArgumentException e) {
                    problems.add(problem(r, id, "unknown role '" + role + "': use viewer, operator or admin"));
                }
            }
        } else if (rolesNode != null) {
            problems.add(problem(rolesNode, id, "roles must be a list such as [operator, admin]"));
        }
        if (when == null || decision == null || message == null) return null;
        return new Rule(id, when, decision, message, messageExpr, approvals, List.copyOf(roles));
    }

    private Map<String, Node> fields(MappingNode m, Set<String> allowed, String rule) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problems.add(problem(t.getKeyNode(), rule, "keys must be plain strings"));
                continue;
            }
            if (!allowed.contains(key.getValue())) {
                problems.add(problem(
                        key,
                        rule,
                        "unknown key '" + key.getValue() + "'; expected one of "
                                + allowed.stream().sorted().toList()));
                continue;
            }
            out.put(key.getValue(), t.getValueNode());
        }
        return out;
    }

    private String string(Node n, String rule, String field, boolean required) {
        if (n == null) {
            if (required) problems.add(new PolicyProblem(null, null, rule, field + " is required"));
            return null;
        }
        if (!(n instanceof ScalarNode s)) {
            problems.add(problem(n, rule, field + " must be a single value"));
            return null;
        }
        if (required && s.getValue().isBlank()) {
            problems.add(problem(n, rule, field + " must not be empty"));
            return null;
        }
        return s.getValue();
    }

    private Expression expression(Node n, String rule, String field, boolean required) {
        String text = string(n, rule, field, required);
        if (text == null) return null;
        ScalarNode s = (ScalarNode) n;
        DumperOptions.ScalarStyle style = s.getScalarStyle();
        boolean block = style == DumperOptions.ScalarStyle.LITERAL || style == DumperOptions.ScalarStyle.FOLDED;
        boolean quoted =
                style == DumperOptions.ScalarStyle.SINGLE_QUOTED || style == DumperOptions.ScalarStyle.DOUBLE_QUOTED;
        return new Expression(
                text, s.getStartMark().getLine() + 1, s.getStartMark().getColumn() + 1, block, quoted);
    }

    private static PolicyProblem problem(Node n, String rule, String message) {
        if (n == null) return new PolicyProblem(null, null, rule, message);
        return new PolicyProblem(
                n.getStartMark().getLine() + 1, n.getStartMark().getColumn() + 1, rule, message);
    }
}
