package ai.matrix.architect.gate;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles policy files with CEL: the variables {@code job}, {@code plan}, {@code evidence}, {@code deploy},
 * {@code actor} and {@code params} (all dynamic maps, see docs/policies.md), the standard library, the strings
 * extension and {@code path.glob(pattern)}. Errors come back with their line and column in the YAML file.
 */
public final class PolicyCompiler {
    static final List<String> VARIABLES = List.of("job", "plan", "evidence", "deploy", "actor", "params");

    private final Cel cel;

    public PolicyCompiler() {
        var builder = CelFactory.standardCelBuilder()
                .setStandardMacros(dev.cel.parser.CelStandardMacro.STANDARD_MACROS)
                .setOptions(CelOptions.current()
                        .enableHeterogeneousNumericComparisons(true)
                        .build())
                .addCompilerLibraries(CelExtensions.strings())
                .addRuntimeLibraries(CelExtensions.strings())
                .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration(
                        "glob",
                        CelOverloadDecl.newMemberOverload(
                                "string_glob_string", SimpleType.BOOL, SimpleType.STRING, SimpleType.STRING)))
                .addFunctionBindings(
                        CelFunctionBinding.from("string_glob_string", String.class, String.class, Globs::matches));
        for (String v : VARIABLES) builder.addVar(v, SimpleType.DYN);
        this.cel = builder.build();
    }

    /** The compiled policy, or the problems that stop it from compiling. */
    public record Result(CompiledPolicy policy, PolicyDocument document, List<PolicyProblem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public Result compile(String source, int version) {
        PolicyParser.Parsed parsed = PolicyParser.parse(source);
        List<PolicyProblem> problems = new ArrayList<>(parsed.problems());
        PolicyDocument doc = parsed.document();
        if (doc == null) return new Result(null, null, problems);
        String[] lines = source.split("\n", -1);
        List<CelRuntime.Program> when = new ArrayList<>();
        List<CelRuntime.Program> messages = new ArrayList<>();
        for (PolicyDocument.Rule rule : doc.rules()) {
            when.add(program(rule.when(), rule.id(), true, problems, lines));
            messages.add(
                    rule.messageExpr() == null ? null : program(rule.messageExpr(), rule.id(), false, problems, lines));
        }
        List<CelRuntime.Program> risk = new ArrayList<>();
        for (PolicyDocument.RiskRule r : doc.risk())
            risk.add(program(r.when(), "risk " + r.level(), true, problems, lines));
        if (!problems.isEmpty()) return new Result(null, doc, problems);
        return new Result(new CompiledPolicy(doc.name(), version, doc, when, messages, risk), doc, problems);
    }

    private CelRuntime.Program program(
            PolicyDocument.Expression expr, String rule, boolean bool, List<PolicyProblem> problems, String[] lines) {
        CelValidationResult result = cel.compile(expr.text());
        if (result.hasError()) {
            for (CelIssue issue : result.getErrors()) problems.add(located(expr, rule, issue, lines));
            return null;
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            var type = ast.getResultType();
            if (bool && type != SimpleType.BOOL && type != SimpleType.DYN) {
                problems.add(new PolicyProblem(
                        expr.line(), expr.column(), rule, "the expression gives " + type.name() + ", not a boolean"));
                return null;
            }
            if (!bool && type != SimpleType.STRING && type != SimpleType.DYN) {
                problems.add(new PolicyProblem(
                        expr.line(), expr.column(), rule, "message_expr gives " + type.name() + ", not a string"));
                return null;
            }
            return cel.createProgram(ast);
        } catch (CelValidationException | CelEvaluationException e) {
            problems.add(new PolicyProblem(expr.line(), expr.column(), rule, e.getMessage()));
            return null;
        }
    }

    /** Maps a position inside the expression (CEL: 1-based line, 0-based column) to one in the YAML file. */
    private static PolicyProblem located(PolicyDocument.Expression expr, String rule, CelIssue issue, String[] lines) {
        var loc = issue.getSourceLocation();
        int celLine = Math.max(1, loc.getLine());
        int celColumn = Math.max(0, loc.getColumn());
        int line;
        int column;
        if (expr.block()) {
            // a block scalar starts on the line after its indicator; its column is its indentation
            line = expr.line() + celLine;
            column = line - 1 < lines.length ? indent(lines[line - 1]) + celColumn + 1 : -1;
        } else {
            line = expr.line() + celLine - 1;
            column = celLine == 1 ? expr.column() + (expr.quoted() ? 1 : 0) + celColumn : -1;
        }
        return new PolicyProblem(line, column < 0 ? null : column, rule, issue.getMessage());
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') i++;
        return i;
    }
}
