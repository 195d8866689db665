package ai.matrix.architect.recipe;

import java.util.List;

/**
 * The JavaScript/TypeScript recipes (npm projects): eslint --fix with the repository's own configuration, prettier
 * --write. eslint and prettier are pinned versions fetched from npm
 * through the egress proxy into the project's cache ({@code $MATRIX_ARCHITECT_CACHE/recipe-tools}), once per
 * project: a later job finds them there and makes no request.
 */
final class JavaScriptRecipes {
    static final String ESLINT_VERSION = "10.15.0";
    static final String PRETTIER_VERSION = "3.10.1";

    private static final String FETCH_FLAGS = " --no-save --no-audit --no-fund --ignore-scripts --no-package-lock ";

    private JavaScriptRecipes() {}

    /** Where a pinned npm tool is installed in the project's cache. */
    private static String home(String pkg, String version) {
        return "\"$MATRIX_ARCHITECT_CACHE/recipe-tools/" + pkg + "-" + version + "\"";
    }

    /** The tool's entry script under its home. */
    private static String entry(String pkg, String version, String script) {
        return home(pkg, version).replaceFirst("\"$", "/node_modules/" + pkg + "/" + script + "\"");
    }

    private static Tool npmTool(String pkg, String version, String script) {
        return new Tool(
                pkg,
                "[ -f " + entry(pkg, version, script) + " ]",
                "node " + entry(pkg, version, script) + " --version",
                "npm: " + pkg + " " + version + ", fetched through the egress proxy into the project's cache",
                version);
    }

    /**
     * Installs the pinned tool into its home unless it is there already. npm runs inside the home (a package.json
     * there makes it the project npm installs into) rather than with {@code --prefix}, which would also move the
     * global npmrc npm reads (and with it the worker's CA settings).
     */
    private static String fetch(String pkg, String version, String script) {
        return "[ -f " + entry(pkg, version, script) + " ] || { mkdir -p " + home(pkg, version) + " && cd "
                + home(pkg, version)
                + " && { [ -f package.json ] || echo '{\"private\": true}' > package.json; } && npm install"
                + FETCH_FLAGS + pkg + "@" + version + "; }";
    }

    static final Tool ESLINT = npmTool("eslint", ESLINT_VERSION, "bin/eslint.js");
    static final Tool PRETTIER = npmTool("prettier", PRETTIER_VERSION, "bin/prettier.cjs");

    static List<Recipe> all() {
        return List.of(
                new Recipe(
                        "javascript.eslint-fix",
                        "npm",
                        "Fix what eslint can fix (eslint --fix) with the repository's own eslint configuration; what"
                                + " it cannot fix is reported.",
                        List.of("eslint", "fix lint", "lint errors", "linting"),
                        List.of(),
                        List.of(ESLINT),
                        true,
                        a -> fetch("eslint", ESLINT_VERSION, "bin/eslint.js"),
                        a -> reported(
                                "eslint", "node " + entry("eslint", ESLINT_VERSION, "bin/eslint.js") + " --fix .")),
                new Recipe(
                        "javascript.prettier",
                        "npm",
                        "Format the code with prettier --write, with the repository's own prettier configuration.",
                        List.of("prettier", "format code", "formatting", "code style"),
                        List.of(),
                        List.of(PRETTIER),
                        true,
                        a -> fetch("prettier", PRETTIER_VERSION, "bin/prettier.cjs"),
                        a -> "node " + entry("prettier", PRETTIER_VERSION, "bin/prettier.cjs")
                                + " --write --log-level warn ."));
    }

    /** Runs a fixer whose exit code 1 means "problems remain": reported, not a failure; 2 and more fail. */
    private static String reported(String tool, String command) {
        return "set +e\n" + command + "\nrc=$?\nset -e\n[ $rc -le 1 ] || exit $rc\n"
                + "if [ $rc -eq 0 ]; then echo '" + Recipe.REPORT_LINE + tool + ": nothing left to fix'; else echo '"
                + Recipe.REPORT_LINE + tool + ": problems remain that --fix cannot fix (above)'; fi";
    }
}
