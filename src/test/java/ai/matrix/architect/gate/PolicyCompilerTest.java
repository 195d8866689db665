package ai.matrix.architect.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Compile errors point at their line and column in the YAML file. */
class PolicyCompilerTest {
    private final PolicyCompiler compiler = new PolicyCompiler();

    @Test
    void celSyntaxErrorGivesLineAndColumnInTheFile() {
        String src = """
                name: broken
                rules:
                  - id: ok
                    when: plan.diff_lines > 10
                    decision: require_approval
                    message: fine
                  - id: bad
                    when: evidence.tests.failed >> 0
                    decision: deny
                    message: broken
                """;
        List<PolicyProblem> problems = compiler.compile(src, 1).problems();
        assertThat(problems).hasSize(1);
        PolicyProblem p = problems.get(0);
        assertThat(p.rule()).isEqualTo("bad");
        assertThat(p.line()).isEqualTo(8);
        // "    when: " is 10 characters; the expression starts at column 11 and the second '>' is its 25th character
        assertThat(p.column()).isBetween(11 + 23, 11 + 25);
        assertThat(p.message()).isNotBlank();
    }

    @Test
    void errorsInLiteralBlocksPointIntoTheBlock() {
        String src = """
                name: broken
                rules:
                  - id: multi
                    when: |
                      plan.diff_lines > 10 &&
                      evidence.tests.failed > )
                    decision: deny
                    message: broken
                """;
        PolicyProblem p = compiler.compile(src, 1).problems().get(0);
        assertThat(p.line()).isEqualTo(6);
        assertThat(p.column()).isEqualTo(7 + "evidence.tests.failed > ".length());
    }

    @Test
    void unknownVariablesAndWrongTypesAreRefused() {
        String src = """
                name: typed
                rules:
                  - id: unknown_var
                    when: secrets.token == "x"
                    decision: deny
                    message: m
                  - id: not_bool
                    when: 'plan.diff_lines + 1 == 2 ? "yes" : "no"'
                    decision: deny
                    message: m
                """;
        List<PolicyProblem> problems = compiler.compile(src, 1).problems();
        assertThat(problems).extracting(PolicyProblem::rule).containsExactly("unknown_var", "not_bool");
        assertThat(problems.get(0).line()).isEqualTo(4);
        assertThat(problems.get(1).message()).contains("not a boolean");
    }

    @Test
    void yamlAndStructureErrorsAreReported() {
        assertThat(compiler.compile("name: x\nrules: [\n", 1).problems().get(0).message())
                .contains("YAML syntax");
        List<PolicyProblem> p = compiler.compile("""
                name: x
                rules:
                  - id: a
                    when: "true"
                    decision: maybe
                    message: m
                    approvals: 3
                """, 1).problems();
        assertThat(p).extracting(PolicyProblem::message).anyMatch(m -> m.contains("decision must be"));
    }
}
