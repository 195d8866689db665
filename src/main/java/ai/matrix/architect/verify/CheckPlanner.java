package ai.matrix.architect.verify;

import ai.matrix.architect.ecosystem.Check;
import ai.matrix.architect.ecosystem.CheckKind;
import ai.matrix.architect.ecosystem.Ecosystem;
import ai.matrix.architect.ecosystem.Ecosystems;
import ai.matrix.architect.ecosystem.Gradle;
import ai.matrix.architect.ecosystem.Maven;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.plan.RepoConfig;
import ai.matrix.architect.plan.RepoConfigException;
import ai.matrix.architect.plan.VerifySettings;
import ai.matrix.architect.verify.truth.DeclaredTestCommand;
import ai.matrix.architect.verify.truth.ReporterFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Which checks VERIFY runs: the request's commands, else the plan's verify steps, else the commands of
 * {@code .matrix-architect.yml}, else the checks of the requested or detected profiles with the file's overrides.
 */
final class CheckPlanner {
    /** The checks and where they came from, for the log. */
    record Planned(List<Check> checks, String source) {}

    private CheckPlanner() {}

    static Planned plan(Job job, Path workTree, RepoConfig config) throws RepoConfigException {
        JobRequest spec = job.spec();
        VerifySettings settings = config.verify();
        if (spec.verify() != null
                && spec.verify().commands() != null
                && !spec.verify().commands().isEmpty()) {
            return new Planned(custom(spec.verify().commands(), settings), "the request's verify.commands");
        }
        List<Check> fromPlan = fromPlan(job.plan(), settings);
        if (!fromPlan.isEmpty()) return new Planned(fromPlan, "the plan's verify steps");
        if (!config.verifyCommands().isEmpty()) {
            return new Planned(
                    custom(config.verifyCommands(), settings).stream()
                            .map(c -> c.withSecrets(settings.secrets()))
                            .toList(),
                    RepoConfig.FILE + " verify.commands");
        }
        return fromProfiles(spec, workTree, settings);
    }

    /** The verify commands of the plan's steps; secrets named by a step reach only that step's commands. */
    private static List<Check> fromPlan(JsonNode plan, VerifySettings settings) {
        List<Check> out = new ArrayList<>();
        if (plan == null || !plan.has("steps")) return out;
        for (JsonNode step : plan.get("steps")) {
            List<String> stepSecrets = new ArrayList<>();
            if (step.has("secrets")) for (JsonNode n : step.get("secrets")) stepSecrets.add(n.asString());
            if (!step.has("verify")) continue;
            for (JsonNode c : step.get("verify")) {
                out.add(defaults(Check.custom("command-" + (out.size() + 1), c.asString(), stepSecrets), settings));
            }
        }
        return out;
    }

    private static Planned fromProfiles(JobRequest spec, Path workTree, VerifySettings settings)
            throws RepoConfigException {
        String profile = spec.verify() != null && spec.verify().profile() != null
                ? spec.verify().profile()
                : settings.profile() != null ? settings.profile() : "auto";
        List<String> profiles = switch (profile) {
            case "none" -> List.of();
            case "auto" -> Ecosystems.detect(workTree);
            default -> List.of(profile);
        };
        Map<String, Check> checks = new LinkedHashMap<>();
        for (String p : profiles) for (Check c : Ecosystems.checks(p, workTree)) checks.put(c.name(), c);
        String declared = profile.equals("auto") ? declaredTestCommand(checks, workTree) : "";
        if (profile.equals("auto") || profile.equals("maven") || profile.equals("gradle")) {
            declared += jvmBuildOfTheCi(checks, workTree);
        }
        for (Map.Entry<String, VerifySettings.Check> o : settings.checks().entrySet()) {
            override(checks, o.getKey(), o.getValue(), profiles);
        }
        String source = profile.equals("auto")
                ? (profiles.isEmpty() ? "auto-detection (nothing detected)" : "auto-detected profile(s) " + profiles)
                : "profile " + profile;
        List<Check> out = new ArrayList<>();
        for (Check c : checks.values()) out.add(defaults(c, settings).withSecrets(settings.secrets()));
        return new Planned(
                out,
                source + declared + (settings.checks().isEmpty() ? "" : " with overrides from " + RepoConfig.FILE));
    }

    /**
     * Runs the project's own declared test command (tox, nox, a pytest configuration's options, a Makefile's test
     * target, ctest after CMake's own configure and build) instead of the test check a profile would guess, with a
     * report flag added where the runner has one. npm already runs its declared {@code npm test}; Maven and Gradle
     * keep their profiles' checks. The declared command takes the place of both the python and the make profile's
     * test checks. Returns the sentence saying what was chosen and why, or "".
     */
    private static String declaredTestCommand(Map<String, Check> checks, Path workTree) {
        var found = DeclaredTestCommand.find(workTree);
        if (found.isEmpty()) return "";
        DeclaredTestCommand d = found.get();
        String profile = switch (d.ecosystem()) {
            case "python" -> "python";
            case "make", "cmake" -> "make";
            default -> null;
        };
        if (profile == null) return "";
        ReporterFlags.Result flagged = ReporterFlags.add(d.command(), workTree, Path.of(Ecosystem.REPORTS));
        // the fetch check's virtualenv first; declarations say "python" where hosts often have only python3
        String command = profile.equals("python")
                ? "[ -x .venv/bin/python ] && PATH=\"$PWD/.venv/bin:$PATH\"; command -v python >/dev/null 2>&1"
                        + " || python() { python3 \"$@\"; }; " + flagged.command()
                : flagged.command();
        String name = profile + "-test";
        Check existing = checks.get(name);
        // the declaration is the project's test: a Makefile's target and a guessed pytest would run the same tests
        // again (a tox.ini beside a Makefile whose test target calls unittest)
        checks.remove("python-test");
        checks.remove("make-test");
        checks.put(
                name,
                existing != null
                        ? existing.with(command, null, null, flagged.env(), null)
                        : new Check(name, profile, CheckKind.TEST, command, null, flagged.env(), null, null, null));
        return "; test command declared by the project: " + d.command() + " (" + d.why() + "; " + flagged.note() + ")";
    }

    /**
     * Maven and Gradle run the goals (tasks) the project's CI runs, {@code test} when it names none: the profile's
     * fetch and test checks are rebuilt for them. Returns the sentence saying so, or "" for the default.
     */
    private static String jvmBuildOfTheCi(Map<String, Check> checks, Path workTree) {
        StringBuilder said = new StringBuilder();
        for (String build : List.of("maven", "gradle")) {
            Check test = checks.get(build + "-test");
            if (test == null) continue;
            var declared = DeclaredTestCommand.of(workTree, build);
            if (declared.isEmpty() || declared.get().arguments().equals(List.of("test"))) continue;
            List<String> args = declared.get().arguments();
            List<Check> rebuilt =
                    build.equals("maven") ? new Maven().checks(args) : new Gradle().checks(workTree, args);
            for (Check c : rebuilt) {
                Check existing = checks.get(c.name());
                // a missing mvn stays a missing mvn: only an available check gets the CI's build
                if (existing != null && existing.unavailable() == null) {
                    checks.put(c.name(), existing.with(c.command(), null, null, null, null));
                }
            }
            said.append("; ")
                    .append(build)
                    .append(" runs what the CI runs: ")
                    .append(String.join(" ", build.equals("maven") ? Maven.ciBuild(args) : args))
                    .append(" (")
                    .append(declared.get().why())
                    .append(")");
        }
        return said.toString();
    }

    /** Applies one of the file's {@code verify.checks}: disables, changes or adds a check. */
    private static void override(
            Map<String, Check> checks, String name, VerifySettings.Check override, List<String> profiles)
            throws RepoConfigException {
        Check existing = checks.get(name);
        CheckKind kind = override.kind() == null ? null : CheckKind.of(override.kind());
        if (Boolean.FALSE.equals(override.enabled())) {
            checks.remove(name);
        } else if (existing != null) {
            checks.put(
                    name,
                    existing.with(override.command(), kind, override.image(), override.env(), override.timeout()));
        } else if (override.command() == null) {
            throw new RepoConfigException(RepoConfig.FILE + ": verify.checks." + name + " is no check of the"
                    + " detected profiles " + profiles + " and has no command");
        } else {
            checks.put(
                    name,
                    new Check(
                            name,
                            Check.CUSTOM,
                            kind == null ? CheckKind.TEST : kind,
                            override.command(),
                            override.image(),
                            override.env(),
                            override.timeout(),
                            null));
        }
    }

    private static List<Check> custom(List<String> commands, VerifySettings settings) {
        List<Check> out = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            out.add(defaults(Check.custom("command-" + (i + 1), commands.get(i), List.of()), settings));
        }
        return out;
    }

    private static Check defaults(Check c, VerifySettings s) {
        Map<String, String> env = new LinkedHashMap<>(s.env());
        env.putAll(c.env());
        return new Check(
                c.name(),
                c.profile(),
                c.kind(),
                c.command(),
                c.image() != null ? c.image() : s.image(),
                env,
                c.timeout() != null ? c.timeout() : s.timeout(),
                c.unavailable(),
                c.secrets());
    }
}
