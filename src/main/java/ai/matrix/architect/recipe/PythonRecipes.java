package ai.matrix.architect.recipe;

import static ai.matrix.architect.recipe.RecipeArg.Type.VERSION;

import java.util.List;

/**
 * The Python recipes: pyupgrade, autoflake, isort and black from Debian's packages (the sandbox sees the worker's
 * /usr), each on the files git tracks, and a version bump in pyproject.toml / setup.cfg.
 */
final class PythonRecipes {
    static final Tool PYUPGRADE = Tool.debianPython("pyupgrade", "pyupgrade");
    static final Tool AUTOFLAKE = Tool.debianPython("autoflake", "autoflake");
    static final Tool ISORT = Tool.debianPython("isort", "isort");
    static final Tool BLACK = Tool.debianPython("black", "black");
    static final Tool FLAKE8 = Tool.debianPython("flake8", "flake8");
    static final Tool PYTHON = new Tool("python3", Tool.onPath("python3"), "python3 --version", "the worker's python3");

    /** The Python files git tracks, NUL-separated, into {@code xargs}: a recipe never touches an ignored file. */
    private static final String FILES = "git ls-files -z -- '*.py' '*.pyi' | xargs -0 -r ";

    static final String AUTOFLAKE_SCRIPT = FILES + "autoflake --in-place --remove-all-unused-imports";
    static final String ISORT_SCRIPT = FILES + "isort --profile black --quiet";
    static final String BLACK_SCRIPT = FILES + "black --quiet";

    /**
     * flake8 with the repository's configuration, or, without one, black's line length and the two checks black's
     * style contradicts; its findings are reported, not a failure.
     */
    static final String FLAKE8_REPORT = """
            if [ -f .flake8 ] || grep -qs '^\\[flake8\\]' setup.cfg tox.ini; then set -- ; \
            else set -- --max-line-length 88 --extend-ignore E203,W503; fi
            git ls-files -z -- '*.py' | xargs -0 -r flake8 "$@" > /tmp/flake8-report.txt || true
            cat /tmp/flake8-report.txt
            echo "[recipe-report] flake8: $(grep -c . /tmp/flake8-report.txt || true) finding(s) left\"""";

    private static final Recipe UPGRADE = new Recipe(
            "python.upgrade",
            "python",
            "Rewrite Python code for a newer Python with pyupgrade --pyXY-plus: f-strings for % formatting,"
                    + " list[...] and dict[...] for typing.List and typing.Dict, no outdated compatibility code.",
            List.of("upgrade python", "python 3", "pyupgrade", "modernize python", "modernise python"),
            List.of(RecipeArg.optional("target", VERSION, "3.11", "the Python version to write for: 3.6 to 3.11")),
            List.of(PYUPGRADE),
            false,
            null,
            a -> pyupgrade(a.get("target")));

    private static final Recipe BUMP_VERSION = new Recipe(
            "python.bump-version",
            "python",
            "Set the project's version in pyproject.toml ([project] or [tool.poetry]) and setup.cfg" + " ([metadata]).",
            List.of("bump version", "set version", "release version"),
            List.of(RecipeArg.required("version", VERSION, "the new version, such as \"1.4.0\"")),
            List.of(PYTHON),
            false,
            null,
            a -> bumpVersion(a.get("version")));

    private PythonRecipes() {}

    static List<Recipe> all() {
        return List.of(
                UPGRADE,
                new Recipe(
                        "python.remove-unused-imports",
                        "python",
                        "Remove unused imports with autoflake.",
                        List.of("unused imports", "remove imports", "autoflake"),
                        List.of(),
                        List.of(AUTOFLAKE),
                        true,
                        null,
                        a -> AUTOFLAKE_SCRIPT),
                new Recipe(
                        "python.sort-imports",
                        "python",
                        "Sort and group imports with isort (black's profile).",
                        List.of("sort imports", "isort", "order imports"),
                        List.of(),
                        List.of(ISORT),
                        true,
                        null,
                        a -> ISORT_SCRIPT),
                new Recipe(
                        "python.format",
                        "python",
                        "Format Python code with black.",
                        List.of("format python", "black", "formatting", "reformat code", "code style"),
                        List.of(),
                        List.of(BLACK),
                        true,
                        null,
                        a -> BLACK_SCRIPT),
                new Recipe(
                        "python.fix-lint",
                        "python",
                        "Fix lint: remove unused imports (autoflake), sort imports (isort), format (black), then report"
                                + " what flake8 still finds.",
                        List.of("fix lint", "lint errors", "linting", "flake8", "fix style", "clean up code"),
                        List.of(),
                        List.of(AUTOFLAKE, ISORT, BLACK, FLAKE8),
                        true,
                        null,
                        a -> String.join("\n", AUTOFLAKE_SCRIPT, ISORT_SCRIPT, BLACK_SCRIPT, FLAKE8_REPORT)),
                BUMP_VERSION);
    }

    /**
     * pyupgrade until the files stop changing (at most three passes): % formatting becomes str.format in one pass
     * and an f-string in the next.
     */
    private static String pyupgrade(String target) {
        String sum = "git ls-files -z -- '*.py' '*.pyi' | xargs -0 -r cat | cksum";
        return "for pass in 1 2 3; do before=$(" + sum + "); " + FILES
                + "pyupgrade --exit-zero-even-if-changed --py" + target.replace(".", "")
                + "-plus; [ \"$before\" != \"$("
                + sum + ")\" ] || break; done";
    }

    /** A Python script that rewrites the version line of the sections that hold the project's version. */
    private static String bumpVersion(String version) {
        return "python3 - '" + version + "' <<'PY'\n" + """
                import re, sys, pathlib
                new = sys.argv[1]
                targets = {"pyproject.toml": ("project", "tool.poetry"), "setup.cfg": ("metadata",)}
                for name, sections in targets.items():
                    path = pathlib.Path(name)
                    if not path.is_file():
                        continue
                    section, out = None, []
                    for line in path.read_text().splitlines(keepends=True):
                        head = re.match(r"\\s*\\[([^\\]]+)\\]", line)
                        if head:
                            section = head.group(1).strip()
                        elif section in sections and re.match(r"\\s*version\\s*=", line):
                            quote = '"' if name.endswith(".toml") else ""
                            line = re.sub(r"=.*", "= " + quote + new + quote, line.rstrip("\\n")) + "\\n"
                            print("[recipe-report] " + name + " [" + section + "]: version = " + new)
                        out.append(line)
                    path.write_text("".join(out))
                PY""";
    }
}
