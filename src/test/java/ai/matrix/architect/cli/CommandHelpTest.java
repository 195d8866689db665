package ai.matrix.architect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/** Every command and subcommand answers -h/--help with its usage; usage errors exit 2 with the usage. */
class CommandHelpTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(Map.of("HOME", "/nonexistent-home"));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Every command path: "login", "users add", "policies dry-run", ... */
    static List<List<String>> paths(CommandLine cl, List<String> prefix) {
        List<List<String>> out = new ArrayList<>();
        cl.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandName().equals(name)) return; // an alias
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            out.add(path);
            out.addAll(paths(sub, path));
        });
        return out;
    }

    @TestFactory
    List<DynamicTest> everyCommandHasHelp() {
        List<DynamicTest> tests = new ArrayList<>();
        for (List<String> path : paths(Main.commandLine(), List.of())) {
            for (String flag : List.of("--help", "-h")) {
                tests.add(DynamicTest.dynamicTest(String.join(" ", path) + " " + flag, () -> {
                    List<String> args = new ArrayList<>(path);
                    args.add(flag);
                    Run r = run(args.toArray(String[]::new));
                    assertThat(r.code()).as(r.err()).isZero();
                    assertThat(r.out()).contains("Usage: matrix-architect " + String.join(" ", path));
                    assertThat(r.out()).contains("-h, --help");
                }));
            }
        }
        assertThat(tests).hasSizeGreaterThan(80);
        return tests;
    }

    @Test
    void theTopLevelHelpListsTheExitCodes() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("Exit codes:")
                .contains("3  waiting for approval")
                .contains("5  server unreachable");
    }

    @Test
    void usageErrorsExitTwoWithTheUsage() {
        Run missing = run("submit", "--goal", "x");
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("Missing required option").contains("Usage: matrix-architect submit");

        Run unknown = run("login", "--bogus");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("Unknown option: '--bogus'").contains("Usage: matrix-architect login");

        Run badOutput = run("status", "--output", "yaml");
        assertThat(badOutput.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badOutput.err()).contains("json").contains("table");
    }

    @Test
    void aCompletionScriptIsGenerated() {
        Run r = run("generate-completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("complete -F").contains("matrix-architect");
    }

    @Test
    void withoutALoginTheExitCodeIsFive() {
        Run r = run("status");
        assertThat(r.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err())
                .contains("Not logged in")
                .contains("matrix-architect login")
                .contains("ARCHITECT_TOKEN");
    }

    @Test
    void tablesAreAsWideAsTheirWidestCell() {
        StringWriter s = new StringWriter();
        Table.print(
                new PrintWriter(s),
                List.of(List.of("a", "1", "x"), List.of("a-very-long-artifact-name.json", "12345", "y")));
        List<String> lines = s.toString().lines().toList();
        assertThat(lines.get(0).indexOf('1')).isEqualTo(lines.get(1).indexOf("12345"));
        assertThat(lines.get(0).lastIndexOf('x')).isEqualTo(lines.get(1).lastIndexOf('y'));
    }

    @Test
    void demoQuietsLibraryWarningsUnlessDebugging() {
        assertThat(DemoCommand.quietLibraries(null))
                .contains("--logging.level.org.flywaydb=error", "--logging.level.com.github.kagkarlsson=error");
        assertThat(DemoCommand.quietLibraries("DEBUG")).isEmpty();
    }
}
