package ai.matrix.architect.verify.truth;

import ai.matrix.architect.verify.truth.DeclaredTestCommand.Candidate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test commands a Python project declares: tox, nox, and the options its pytest configuration adds. */
final class PythonDeclarations {
    private static final Pattern RUNS_TESTS = Pattern.compile(
            "(?:^|[\\s/])(?:pytest|py\\.test|unittest|nose2|nosetests|trial|stestr|zope-testrunner|green)\\b"
                    + "|setup\\.py test|manage\\.py test|runtests|\\bcoverage run\\b|\\bmake (?:test|check)\\b");
    private static final Pattern POSARGS = Pattern.compile("\\{posargs(?::([^}]*))?}");
    private static final Pattern LEGACY_TOX =
            Pattern.compile("(?s)legacy_tox_ini\\s*=\\s*(?:\"\"\"|''')(.*?)(?:\"\"\"|''')");
    private static final Pattern NOX_SESSION =
            Pattern.compile("(?m)^@nox\\.session[^\\n]*\\n(?:@[^\\n]*\\n)*def (tests?)\\s*\\(");
    private static final Pattern STRING = Pattern.compile("\"([^\"\\\\]*)\"|'([^'\\\\]*)'");

    private PythonDeclarations() {}

    static void tox(Path root, List<Candidate> out) {
        Files2.read(root.resolve("tox.ini"))
                .flatMap(t -> toxCommand(IniSections.parse(t), "tox.ini"))
                .ifPresent(out::add);
        Files2.read(root.resolve("pyproject.toml"))
                .map(LEGACY_TOX::matcher)
                .filter(Matcher::find)
                .flatMap(m -> toxCommand(IniSections.parse(m.group(1)), "pyproject.toml [tool.tox] legacy_tox_ini"))
                .ifPresent(out::add);
    }

    /** The first test-running line of [testenv] commands, else of the first [testenv:…] that has one. */
    private static Optional<Candidate> toxCommand(IniSections ini, String file) {
        List<String> envs = new ArrayList<>();
        envs.add("testenv");
        for (String s : ini.sectionNames()) if (s.startsWith("testenv:")) envs.add(s);
        for (String env : envs) {
            Optional<List<String>> commands = ini.lines(env, "commands");
            if (commands.isEmpty()) continue;
            for (String line : commands.get()) {
                String command = toxLine(line);
                if (RUNS_TESTS.matcher(command).find())
                    return Optional.of(new Candidate(command, "python", file + " [" + env + "] commands"));
            }
        }
        return Optional.empty();
    }

    /** tox's substitutions for a command run straight in the work tree: posargs become their default. */
    static String toxLine(String line) {
        String s = line.strip();
        if (s.startsWith("-")) s = s.substring(1).strip(); // tox's "ignore the exit code" prefix
        Matcher m = POSARGS.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) == null ? "" : m.group(1)));
        m.appendTail(b);
        return b.toString()
                .replace("{envpython}", "python")
                .replace("{toxinidir}", ".")
                .replace("{tox_root}", ".")
                .replaceAll("\\s+", " ")
                .strip();
    }

    static void nox(Path root, List<Candidate> out) {
        Files2.read(root.resolve("noxfile.py"))
                .flatMap(PythonDeclarations::noxCommand)
                .ifPresent(out::add);
    }

    private static Optional<Candidate> noxCommand(String text) {
        Matcher m = NOX_SESSION.matcher(text);
        if (!m.find()) return Optional.empty();
        List<String> body = new ArrayList<>();
        for (String line : text.substring(m.end()).split("\\R")) {
            if (!body.isEmpty() && !line.isBlank() && !Character.isWhitespace(line.charAt(0))) break;
            body.add(line);
        }
        String joined = String.join("\n", body);
        int at = 0;
        while ((at = joined.indexOf("session.run(", at)) >= 0) {
            String args = callArguments(joined, at + "session.run(".length());
            List<String> words = new ArrayList<>();
            Matcher s = STRING.matcher(args);
            while (s.find()) words.add(s.group(1) != null ? s.group(1) : s.group(2));
            String command = String.join(" ", words);
            if (RUNS_TESTS.matcher(command).find())
                return Optional.of(new Candidate(command, "python", "noxfile.py session " + m.group(1) + "()"));
            at += 1;
        }
        return Optional.empty();
    }

    private static String callArguments(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return text.substring(from, i);
        }
        return text.substring(from);
    }

    /**
     * A pytest configuration declares pytest as the runner; its addopts are written into the command so the
     * chosen command says what runs ({@code --doctest-modules} and the like), though pytest would read them too.
     */
    static void pytestConfig(Path root, List<Candidate> out) {
        record Source(String file, String section) {}
        for (Source s : List.of(
                new Source("pytest.ini", "pytest"),
                new Source("tox.ini", "pytest"),
                new Source("setup.cfg", "tool:pytest"))) {
            Optional<IniSections> ini = Files2.read(root.resolve(s.file)).map(IniSections::parse);
            if (ini.isEmpty() || !ini.get().sections().containsKey(s.section)) continue;
            List<String> addopts = ini.get().lines(s.section, "addopts").orElse(List.of());
            out.add(pytest(String.join(" ", addopts), s.file + " [" + s.section + "]"));
            return;
        }
        Files2.read(root.resolve("pyproject.toml"))
                .flatMap(t -> TomlValues.section(t, "tool.pytest.ini_options"))
                .ifPresent(section -> out.add(pytest(
                        String.join(" ", TomlValues.strings(section, "addopts")),
                        "pyproject.toml [tool.pytest.ini_options]")));
    }

    private static Candidate pytest(String addopts, String where) {
        String command = ("python -m pytest " + addopts).strip();
        String why = where + (addopts.isBlank() ? "" : " addopts");
        return new Candidate(command, "python", why);
    }
}
