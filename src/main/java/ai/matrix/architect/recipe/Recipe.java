package ai.matrix.architect.recipe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A deterministic fixer of the catalog: a shell script run in the sandbox on the work tree, like a {@code run} op.
 *
 * @param name unique, {@code <ecosystem family>.<what>}: {@code python.upgrade}
 * @param ecosystem the verification profile whose projects it works on ({@code python}, {@code npm},
 *     {@code maven}); PLAN refuses it on a repository where that profile is not detected
 * @param description one sentence, shown in the catalog and matched against goals
 * @param synonyms phrases of a goal that ask for it ("fix lint", "sort imports"); each word matches a goal word that
 *     begins with it
 * @param args its arguments, in order
 * @param tools the programs it runs
 * @param repairs whether it fixes what a failed lint or format check reports
 * @param fetch a script that fetches its tools (or does its networked part) with the egress proxy, allowing only
 *     the ecosystem's registry, as the only way out, before the script runs without network; null when the tools
 *     are on the worker
 * @param script the script, given every argument's value (defaults filled in, values already checked)
 */
public record Recipe(
        String name,
        String ecosystem,
        String description,
        List<String> synonyms,
        List<RecipeArg> args,
        List<Tool> tools,
        boolean repairs,
        Function<Map<String, String>, String> fetch,
        Function<Map<String, String>, String> script) {

    /** Marks the lines of a recipe's output that name a tool's version: {@code [recipe-tool] black 23.1.0}. */
    public static final String TOOL_LINE = "[recipe-tool] ";
    /** Marks the line that names a missing tool: {@code [recipe-missing] black}. */
    public static final String MISSING_LINE = "[recipe-missing] ";
    /** Marks the lines that report what a tool left: {@code [recipe-report] flake8: 0 finding(s)}. */
    public static final String REPORT_LINE = "[recipe-report] ";

    /** The exit code of a recipe whose tool is missing (the shell's "command not found"). */
    public static final int MISSING_EXIT = 127;

    public Recipe {
        synonyms = List.copyOf(synonyms);
        args = List.copyOf(args);
        tools = List.copyOf(tools);
    }

    /** The given values with the defaults of the arguments not given, in the arguments' order. */
    public Map<String, String> resolve(Map<String, Object> given) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecipeArg a : args) {
            Object v = given == null ? null : given.get(a.name());
            out.put(a.name(), v == null ? a.defaultValue() : v.toString());
        }
        return out;
    }

    /**
     * The whole command: check that each tool is on the PATH (else say which and exit {@value #MISSING_EXIT}),
     * print each tool's version, then run the script.
     */
    public String command(Map<String, Object> given) {
        StringBuilder sb = new StringBuilder("set -e\n");
        for (Tool t : tools) {
            sb.append(t.presence())
                    .append(" || { echo '")
                    .append(MISSING_LINE)
                    .append(t.name())
                    .append("'; exit ")
                    .append(MISSING_EXIT)
                    .append("; }\n");
        }
        for (Tool t : tools) {
            sb.append("v=$(")
                    .append(t.versionCommand())
                    .append(" 2>&1 | head -n 1); echo \"")
                    .append(TOOL_LINE)
                    .append(t.name())
                    .append(" $v\"\n");
        }
        return sb.append(script.apply(resolve(given))).append('\n').toString();
    }

    /** The fetch phase's script for these arguments, or null when the recipe fetches nothing. */
    public String fetchCommand(Map<String, Object> given) {
        return fetch == null ? null : "set -e\n" + fetch.apply(resolve(given)) + "\n";
    }

    /** The tool of this name, if the recipe runs it. */
    public java.util.Optional<Tool> tool(String toolName) {
        return tools.stream().filter(t -> t.name().equals(toolName)).findFirst();
    }
}
