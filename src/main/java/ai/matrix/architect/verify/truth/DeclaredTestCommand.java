package ai.matrix.architect.verify.truth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test command a repository declares for itself, found before any guessed one, with why it was chosen.
 *
 * <p>Candidates are gathered in this order and the first one wins; the others are named in {@link #why()} so
 * nothing is passed over silently:
 *
 * <ol>
 *   <li>tox: {@code tox.ini} [testenv] (else the first [testenv:…]) {@code commands}, the first line that runs
 *       tests, {@code {posargs}} removed (its default kept); then {@code pyproject.toml} [tool.tox]
 *       {@code legacy_tox_ini}.
 *   <li>nox: {@code noxfile.py}, the {@code session.run(…)} of a session named {@code tests} or {@code test}.
 *   <li>npm: {@code package.json} {@code scripts.test}, run as {@code npm test} (npm's placeholder
 *       "no test specified" script is not a declaration).
 *   <li>Make and CMake: a {@code CMakeLists.txt} declaring tests (enable_testing, add_test, include(CTest)) →
 *       configure, build and {@code ctest}, unless the root Makefile itself drives cmake/ctest; then the
 *       Makefile's {@code test} target, else its {@code check} target (before ctest when it drives it).
 *   <li>Maven ({@code pom.xml}): the goals the CI workflow runs, {@code test} by default.
 *   <li>Gradle: the tasks the CI workflow runs, {@code test} by default.
 *   <li>pytest configuration ({@code pytest.ini}, tox.ini [pytest], setup.cfg [tool:pytest], pyproject
 *       [tool.pytest.ini_options]) → {@code python -m pytest} with its {@code addopts}.
 *   <li>Last hint: a GitHub Actions {@code run:} step whose step (else job) name contains "test".
 * </ol>
 *
 * @param command the shell command, run from the work tree's root
 * @param ecosystem python, node, cmake, make, maven, gradle or ci
 * @param why where it was declared, then "; also declared: …" for the candidates not chosen
 */
public record DeclaredTestCommand(String command, String ecosystem, String why) {
    /** One declaration found, before the choice. */
    record Candidate(String command, String ecosystem, String why) {}

    private static final Pattern NPM_PLACEHOLDER = Pattern.compile("(?i)no test specified");

    /** The declared command of the work tree at {@code root}, or empty when the repository declares none. */
    public static Optional<DeclaredTestCommand> find(Path root) {
        List<Candidate> all = candidates(root);
        if (all.isEmpty()) return Optional.empty();
        Candidate chosen = all.getFirst();
        List<String> others = all.subList(1, all.size()).stream()
                .map(c -> c.why() + " → " + c.command())
                .toList();
        String why = others.isEmpty() ? chosen.why() : chosen.why() + "; also declared: " + String.join("; ", others);
        return Optional.of(new DeclaredTestCommand(chosen.command(), chosen.ecosystem(), why));
    }

    /**
     * The declaration of one ecosystem, chosen or not: a Maven or Gradle build keeps its own profile checks beside
     * an npm or Make declaration of the same repository, and runs the goals its CI names.
     */
    public static Optional<DeclaredTestCommand> of(Path root, String ecosystem) {
        return candidates(root).stream()
                .filter(c -> c.ecosystem().equals(ecosystem))
                .findFirst()
                .map(c -> new DeclaredTestCommand(c.command(), c.ecosystem(), c.why()));
    }

    /** The command's arguments after its executable ({@code mvn -pl core verify} → {@code -pl core verify}). */
    public List<String> arguments() {
        List<String> tokens = List.of(command.strip().split("\\s+"));
        return tokens.subList(1, tokens.size());
    }

    /** Every declaration, in the documented order. */
    static List<Candidate> candidates(Path root) {
        List<Candidate> out = new ArrayList<>();
        List<Workflows.RunStep> ci = Workflows.runSteps(root);
        PythonDeclarations.tox(root, out);
        PythonDeclarations.nox(root, out);
        npm(root, out);
        MakeDeclarations.makeAndCMake(root, out);
        JvmDeclarations.maven(root, ci, out);
        JvmDeclarations.gradle(root, ci, out);
        PythonDeclarations.pytestConfig(root, out);
        ciHint(ci, out);
        return out;
    }

    private static void npm(Path root, List<Candidate> out) {
        Optional<String> json = Files2.read(root.resolve("package.json"));
        if (json.isEmpty()) return;
        JsonNode test;
        try {
            test = JsonMapper.builder()
                    .build()
                    .readTree(json.get())
                    .path("scripts")
                    .path("test");
        } catch (RuntimeException e) {
            return; // a package.json npm cannot read either
        }
        if (!test.isString()
                || test.asString().isBlank()
                || NPM_PLACEHOLDER.matcher(test.asString()).find()) return;
        out.add(new Candidate("npm test", "node", "package.json scripts.test: " + test.asString()));
    }

    private static void ciHint(List<Workflows.RunStep> ci, List<Candidate> out) {
        Optional<Workflows.RunStep> step = ci.stream()
                .filter(Workflows.RunStep::stepNamedTest)
                .findFirst()
                .or(() -> ci.stream().filter(Workflows.RunStep::namedTest).reduce((a, b) -> b));
        step.filter(s -> s.lines().stream().noneMatch(l -> l.contains("${{")))
                .ifPresent(s -> out.add(new Candidate(
                        String.join(" && ", s.lines()),
                        "ci",
                        s.file() + " job " + s.job() + (s.step().isEmpty() ? "" : " step '" + s.step() + "'")
                                + " (a hint from CI)")));
    }
}
