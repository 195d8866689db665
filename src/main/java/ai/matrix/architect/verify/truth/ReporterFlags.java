package ai.matrix.architect.verify.truth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Adds the flag that makes a test runner write a structured report into a given directory, when the runner
 * has one and adding it is safe. A command it cannot change safely (npm scripts, make, tox, a runner already
 * told where to report) is returned unchanged with the reason; its tests are then counted from the report the
 * project writes itself or from the runner's summary ({@link RunnerSummaries}).
 */
public final class ReporterFlags {
    /**
     * The command to run.
     *
     * @param command the command, with the flag when one was added
     * @param report the file the runner will write, when a flag was added and the report is a file
     * @param env environment the runner needs for its report (jest-junit reads its destination from it)
     * @param note what was added, or why nothing was
     */
    public record Result(String command, Optional<Path> report, Map<String, String> env, String note) {
        public boolean changed() {
            return report.isPresent() || !env.isEmpty() || note.startsWith("added");
        }
    }

    private static final Pattern PYTEST = Pattern.compile("(?:^|\\s)(?:py\\.test|pytest|-m pytest)(?:\\s|$)");
    private static final Pattern NODE_TEST = Pattern.compile("(?:^|\\s)node\\s+(?:[^&|;]*\\s)?--test(?:\\s|=|$)");
    private static final Pattern MOCHA = Pattern.compile("(?:^|\\s|/)mocha(?:\\s|$)");
    private static final Pattern JEST = Pattern.compile("(?:^|\\s|/)jest(?:\\s|$)");
    private static final Pattern GO_TEST = Pattern.compile("(?:^|\\s)go test(?=\\s|$)");
    private static final Pattern CTEST = Pattern.compile("(?:^|\\s)ctest(?:\\s|$)");
    private static final Pattern INDIRECT = Pattern.compile(
            "^(?:npm|yarn|pnpm|bun)\\s|^make\\b|^gmake\\b|^tox\\b|^nox\\b|\\./gradlew|^gradle\\b|mvnw?\\b");

    private ReporterFlags() {}

    /**
     * @param command the chosen test command
     * @param root the work tree (to see which reporters are configured or installed)
     * @param reportDir the directory the report is to be written into, as the command will see it
     */
    public static Result add(String command, Path root, Path reportDir) {
        List<String> segments = new ArrayList<>(List.of(command.split("\\s*&&\\s*")));
        for (int i = 0; i < segments.size(); i++) {
            Optional<Result> r = segment(segments.get(i).strip(), root, reportDir);
            if (r.isEmpty()) continue;
            Result one = r.get();
            segments.set(i, one.command());
            return new Result(String.join(" && ", segments), one.report(), one.env(), one.note());
        }
        String why = INDIRECT.matcher(command.strip()).find()
                ? "unchanged: the runner is reached through a script (npm, make, tox, a build tool), so no flag can be"
                        + " added safely; the project's own report or the runner's summary is read instead"
                : "unchanged: no runner with a report flag was recognised";
        return new Result(command, Optional.empty(), Map.of(), why);
    }

    private static Optional<Result> segment(String s, Path root, Path dir) {
        if (INDIRECT.matcher(s).find()) return Optional.empty();
        if (PYTEST.matcher(s).find()) {
            if (s.contains("--junitxml") || s.contains("--junit-xml"))
                return unchanged(s, "pytest already writes --junitxml");
            Path file = dir.resolve("pytest.xml");
            return added(s + " --junitxml=" + quote(file), file, "added --junitxml for pytest");
        }
        if (NODE_TEST.matcher(s).find()) {
            if (s.contains("--test-reporter")) return unchanged(s, "node's test runner already has a --test-reporter");
            Path file = dir.resolve("node-test.xml");
            Matcher m = Pattern.compile("(?:^|\\s)node(?=\\s)").matcher(s);
            m.find();
            String flags = " --test-reporter=spec --test-reporter-destination=stdout --test-reporter=junit"
                    + " --test-reporter-destination=" + quote(file);
            return added(
                    s.substring(0, m.end()) + flags + s.substring(m.end()),
                    file,
                    "added node --test-reporter=junit (spec kept on stdout)");
        }
        if (MOCHA.matcher(s).find()) {
            if (s.contains("--reporter") || s.matches(".*\\s-R\\s.*"))
                return unchanged(s, "mocha is given a reporter on its command line");
            if (mochaReporterConfigured(root))
                return unchanged(s, "mocha's reporter is configured by the project (.mocharc or package.json)");
            Path file = dir.resolve("mocha.xml");
            return added(
                    s + " --reporter xunit --reporter-option output=" + quote(file),
                    file,
                    "added mocha --reporter xunit");
        }
        if (JEST.matcher(s).find()) {
            if (!Files.isRegularFile(root.resolve("node_modules/jest-junit/package.json")))
                return unchanged(s, "jest has no JUnit reporter installed (jest-junit is not in node_modules)");
            if (s.contains("--reporters")) return unchanged(s, "jest is given reporters on its command line");
            Path file = dir.resolve("jest.xml");
            return Optional.of(new Result(
                    s + " --ci --reporters=default --reporters=jest-junit",
                    Optional.of(file),
                    Map.of("JEST_JUNIT_OUTPUT_DIR", dir.toString(), "JEST_JUNIT_OUTPUT_NAME", "jest.xml"),
                    "added jest --reporters=jest-junit"));
        }
        Matcher go = GO_TEST.matcher(s);
        if (go.find()) {
            if (s.contains(" -json")) return unchanged(s, "go test already prints -json");
            String withJson = s.substring(0, go.end()) + " -json" + s.substring(go.end());
            return Optional.of(new Result(
                    withJson,
                    Optional.empty(),
                    Map.of(),
                    "added go test -json: the output itself is the report (test2json events)"));
        }
        if (CTEST.matcher(s).find()) {
            if (s.contains("--output-junit")) return unchanged(s, "ctest already writes --output-junit");
            Path file = dir.resolve("ctest.xml");
            return added(
                    s + " --output-junit " + quote(file), file, "added ctest --output-junit (CMake 3.21 or later)");
        }
        return Optional.empty();
    }

    /** A reporter named in any .mocharc file or in package.json's "mocha" section. */
    static boolean mochaReporterConfigured(Path root) {
        try (Stream<Path> files = Files.list(root)) {
            boolean rc = files.filter(p -> p.getFileName().toString().startsWith(".mocharc"))
                    .map(Files2::read)
                    .flatMap(Optional::stream)
                    .anyMatch(t -> t.contains("reporter"));
            if (rc) return true;
        } catch (IOException e) {
            return false;
        }
        return Files2.read(root.resolve("package.json"))
                .map(t -> Pattern.compile("\"mocha\"\\s*:\\s*\\{[^}]*\"reporter")
                        .matcher(t)
                        .find())
                .orElse(false);
    }

    private static Optional<Result> added(String command, Path file, String note) {
        return Optional.of(new Result(command, Optional.of(file), Map.of(), note));
    }

    private static Optional<Result> unchanged(String command, String why) {
        return Optional.of(new Result(command, Optional.empty(), Map.of(), "unchanged: " + why));
    }

    private static String quote(Path p) {
        String s = p.toString();
        return s.matches("[\\w./@%+=:,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
