package ai.matrix.architect.verify.truth;

import ai.matrix.architect.verify.truth.DeclaredTestCommand.Candidate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Maven and Gradle run what the project's CI runs, not more: the goals (tasks) of the first CI line that tests,
 * preferring a step or job named "test"; {@code test} when the CI says nothing. {@code verify} or {@code install}
 * only when the CI names them, since later phases reach plugins (javadoc, signing, remote links) a test run
 * does not need.
 */
final class JvmDeclarations {
    private static final Set<String> MAVEN_PHASES = Set.of(
            "clean", "validate", "compile", "test-compile", "test", "package", "integration-test", "verify", "install");
    private static final Set<String> MAVEN_TESTING = Set.of("test", "package", "integration-test", "verify", "install");
    private static final Set<String> MAVEN_OPTION_WITH_VALUE = Set.of(
            "-pl",
            "--projects",
            "-P",
            "--activate-profiles",
            "-f",
            "--file",
            "-s",
            "--settings",
            "-T",
            "--threads",
            "-D",
            "-rf",
            "--resume-from",
            "-gs");
    private static final Set<String> MAVEN_DROPPED = Set.of(
            "-B",
            "--batch-mode",
            "-ntp",
            "--no-transfer-progress",
            "-e",
            "--errors",
            "-V",
            "--show-version",
            "-q",
            "--quiet",
            "-U",
            "--update-snapshots",
            "-X",
            "--debug");
    /** A build line that skips its tests (a packaging step) is not the CI's test run. */
    private static final java.util.regex.Pattern SKIPS_TESTS =
            java.util.regex.Pattern.compile("-D(skipTests|maven\\.test\\.skip)(=true)?");

    private static final Set<String> NOT_A_TEST_RUN = Set.of("deploy", "site", "site-deploy");

    private JvmDeclarations() {}

    static void maven(Path root, List<Workflows.RunStep> ci, List<Candidate> out) {
        if (!Files.isRegularFile(root.resolve("pom.xml"))) return;
        String exe = Files.isRegularFile(root.resolve("mvnw")) ? "./mvnw" : "mvn";
        for (Workflows.RunStep step : testStepsFirst(ci)) {
            for (String line : step.lines()) {
                Optional<List<String>> args = mavenArguments(line);
                if (args.isEmpty()) continue;
                out.add(new Candidate(
                        exe + " " + String.join(" ", args.get()),
                        "maven",
                        "the goals the CI runs: " + step.file() + " job " + step.job() + ": " + line));
                return;
            }
        }
        out.add(new Candidate(exe + " test", "maven", "pom.xml (no CI step names Maven goals; test by default)"));
    }

    /** The arguments of a Maven call that runs tests, without its batch-mode flags; empty for other lines. */
    static Optional<List<String>> mavenArguments(String line) {
        List<String> tokens = List.of(line.strip().split("\\s+"));
        int at = -1;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("mvn") || t.endsWith("/mvnw") || t.equals("mvnw") || t.endsWith("/mvn")) {
                at = i;
                break;
            }
        }
        if (at < 0) return Optional.empty();
        List<String> kept = new ArrayList<>();
        boolean tests = false;
        for (int i = at + 1; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("&&") || t.equals("||") || t.equals("|") || t.equals(";")) break;
            if (t.contains("${{") || MAVEN_DROPPED.contains(t)) continue;
            if (MAVEN_OPTION_WITH_VALUE.contains(t) && i + 1 < tokens.size()) {
                String v = tokens.get(++i);
                if (!v.contains("${{")) kept.addAll(List.of(t, v));
                continue;
            }
            if (SKIPS_TESTS.matcher(t).matches()) return Optional.empty();
            if (!t.startsWith("-")) {
                if (NOT_A_TEST_RUN.contains(t)) return Optional.empty();
                if (MAVEN_TESTING.contains(t)) tests = true;
                else if (!MAVEN_PHASES.contains(t) && !t.contains(":")) continue;
            }
            kept.add(t);
        }
        return tests ? Optional.of(kept) : Optional.empty();
    }

    static void gradle(Path root, List<Workflows.RunStep> ci, List<Candidate> out) {
        boolean build = anyExists(root, "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts");
        if (!build) return;
        String exe = Files.isRegularFile(root.resolve("gradlew")) ? "./gradlew" : "gradle";
        for (Workflows.RunStep step : testStepsFirst(ci)) {
            for (String line : step.lines()) {
                List<String> tokens = List.of(line.strip().split("\\s+"));
                int at = -1;
                for (int i = 0; i < tokens.size(); i++)
                    if (tokens.get(i).equals("gradle") || tokens.get(i).endsWith("gradlew")) at = i;
                if (at < 0) continue;
                List<String> tasks = new ArrayList<>();
                for (String t : tokens.subList(at + 1, tokens.size())) {
                    if (t.equals("&&") || t.equals("||") || t.equals("|") || t.equals(";")) break;
                    if (!t.contains("${{") && !t.equals("--no-daemon") && !t.equals("--console=plain")) tasks.add(t);
                }
                boolean tests =
                        tasks.stream().anyMatch(t -> !t.startsWith("-") && t.matches("(?i).*(test|check|build).*"));
                if (!tests || tasks.stream().anyMatch(t -> t.matches("(?i).*publish.*"))) continue;
                out.add(new Candidate(
                        exe + " " + String.join(" ", tasks),
                        "gradle",
                        "the tasks the CI runs: " + step.file() + " job " + step.job() + ": " + line));
                return;
            }
        }
        out.add(new Candidate(
                exe + " test", "gradle", "Gradle build (no CI step names Gradle tasks; test by default)"));
    }

    private static List<Workflows.RunStep> testStepsFirst(List<Workflows.RunStep> ci) {
        return ci.stream()
                .sorted(Comparator.comparing((Workflows.RunStep s) -> !s.stepNamedTest())
                        .thenComparing(s -> !s.namedTest()))
                .toList();
    }

    private static boolean anyExists(Path root, String... names) {
        for (String n : names) if (Files.isRegularFile(root.resolve(n))) return true;
        return false;
    }
}
