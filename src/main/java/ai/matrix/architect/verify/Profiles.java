package ai.matrix.architect.verify;

import ai.matrix.architect.evidence.ResolvedDependencies;
import ai.matrix.architect.evidence.scan.NpmAudit;
import ai.matrix.architect.evidence.scan.PipAudit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verification profiles: which ecosystems a work tree holds (by their build files) and the checks each needs.
 * Dependencies are fetched by a {@code fetch} check into the project's cache, mounted where
 * {@code $MATRIX_ARCHITECT_CACHE} says (per tool: {@code m2}, {@code npm}, {@code go}, …), so that every other
 * check runs without network. Sandboxes that mount no cache leave the variable unset, and the commands then keep
 * their caches inside the workspace ({@code .matrix-architect/cache}). A {@code scan} check (npm audit, pip-audit)
 * asks the registry's advisory service the way a fetch check goes out.
 */
public final class Profiles {
    /** Where checks write their reports, relative to the work tree. */
    public static final String REPORTS = ".matrix-architect/reports";
    /** The Maven dependency tree (TGF) written by the fetch check, per module. */
    public static final String MAVEN_TREE = "target/matrix-architect-deps.tgf";

    static final List<String> ORDER = List.of("maven", "gradle", "npm", "python", "go", "cargo", "make");
    private static final List<Path> TOOL_DIRS =
            List.of(Path.of("/usr/local/bin"), Path.of("/usr/bin"), Path.of("/bin"));
    /** The cache directory as the shell sees it. */
    static final String CACHE = "${MATRIX_ARCHITECT_CACHE:-$PWD/" + ResolvedDependencies.WORKSPACE_CACHE + "}";

    private static final String MAVEN = "mvn -B -ntp -Dmaven.repo.local=\"" + CACHE + "/m2\"";
    private static final Map<String, String> JVM_ENV = Map.of("MAVEN_OPTS", "-Xmx768m -XX:ActiveProcessorCount=2");

    private Profiles() {}

    /** The ecosystems found in the work tree, in a fixed order. */
    public static List<String> detect(Path root) {
        List<String> out = new ArrayList<>();
        if (exists(root, "pom.xml")) out.add("maven");
        if (exists(root, "build.gradle") || exists(root, "build.gradle.kts")) out.add("gradle");
        if (exists(root, "package.json")) out.add("npm");
        if (exists(root, "pyproject.toml")
                || exists(root, "setup.py")
                || exists(root, "pytest.ini")
                || exists(root, "requirements.txt")
                || exists(root, "setup.cfg")) {
            out.add("python");
        }
        if (exists(root, "go.mod")) out.add("go");
        if (exists(root, "Cargo.toml")) out.add("cargo");
        if (out.isEmpty() && (exists(root, "Makefile") || exists(root, "makefile"))) out.add("make");
        return out;
    }

    /** The checks of one profile for this work tree. */
    public static List<Check> checks(String profile, Path root) {
        return switch (profile) {
            case "maven" -> maven();
            case "gradle" -> gradle(root);
            case "npm" -> npm(root);
            case "python" -> python(root);
            case "go" -> go();
            case "cargo" -> cargo();
            case "make" -> make(root);
            default -> List.of();
        };
    }

    private static List<Check> maven() {
        String none = "matrixArchitectFetchOnly";
        return List.of(
                check(
                        "maven",
                        "fetch",
                        MAVEN + " \"-Dtest=*#" + none + "\" -Dsurefire.failIfNoSpecifiedTests=false"
                                + " \"-Dit.test=*#" + none + "\" -Dfailsafe.failIfNoSpecifiedTests=false verify"
                                + " org.apache.maven.plugins:maven-dependency-plugin:3.8.1:tree -DoutputType=tgf"
                                + " -DoutputFile=" + MAVEN_TREE,
                        JVM_ENV,
                        "mvn"),
                check("maven", "test", MAVEN + " -o verify", JVM_ENV, "mvn"));
    }

    private static List<Check> gradle(Path root) {
        boolean wrapper = Files.isRegularFile(root.resolve("gradlew"));
        String gradle = (wrapper ? "sh ./gradlew" : "gradle") + " --no-daemon --console=plain";
        gradle = "export GRADLE_USER_HOME=\"" + CACHE + "/gradle\"; " + gradle;
        Map<String, String> env = Map.of("GRADLE_OPTS", "-Xmx768m");
        String tool = wrapper ? "sh" : "gradle";
        return List.of(
                check("gradle", "fetch", gradle + " dependencies", env, tool),
                check("gradle", "test", gradle + " --offline build", env, tool));
    }

    private static List<Check> npm(Path root) {
        List<Check> out = new ArrayList<>();
        JsonNode pkg = readJson(root.resolve("package.json"));
        boolean hasDeps = pkg != null
                && (pkg.path("dependencies").size() > 0
                        || pkg.path("devDependencies").size() > 0);
        String cache = " --cache \"" + CACHE + "/npm\"";
        if (hasDeps) {
            String install = exists(root, "package-lock.json") ? "npm ci" : "npm install";
            out.add(check("npm", "fetch", install + " --ignore-scripts --no-audit --no-fund" + cache, Map.of(), "npm"));
        }
        if (pkg != null && pkg.path("scripts").has("lint")) {
            out.add(check("npm", "lint", "npm run lint --offline" + cache, Map.of(), "npm"));
        }
        if (pkg != null && pkg.path("scripts").has("build")) {
            out.add(check("npm", "build", "npm run build --offline" + cache, Map.of(), "npm"));
        }
        String script = pkg == null ? "" : pkg.path("scripts").path("test").asString("");
        String nodeTest =
                "mkdir -p " + REPORTS + " && node --test --test-reporter=spec --test-reporter-destination=stdout"
                        + " --test-reporter=junit --test-reporter-destination=" + REPORTS + "/node-test.xml";
        if (script.isBlank() || script.contains("no test specified")) {
            out.add(check("npm", "test", nodeTest, Map.of(), "node"));
        } else if (script.strip().startsWith("node --test")) {
            out.add(check(
                    "npm", "test", nodeTest + script.strip().substring("node --test".length()), Map.of(), "node"));
        } else {
            out.add(check(
                    "npm", "test", "npm test --offline" + cache, Map.of("JEST_JUNIT_OUTPUT_DIR", REPORTS), "npm"));
        }
        if (exists(root, "package-lock.json")) {
            // npm audit exits 1 when it finds something: the check passes when it wrote its report
            out.add(check(
                    "npm",
                    "scan",
                    "mkdir -p " + REPORTS + " && npm audit --json --package-lock-only" + cache + " > " + NpmAudit.REPORT
                            + "; test -s " + NpmAudit.REPORT,
                    Map.of(),
                    "npm"));
        }
        return out;
    }

    private static List<Check> python(Path root) {
        List<Check> out = new ArrayList<>();
        String python = "python3";
        if (exists(root, "requirements.txt")) {
            out.add(check(
                    "python",
                    "fetch",
                    "python3 -m venv --system-site-packages .venv && .venv/bin/pip install"
                            + " --disable-pip-version-check --cache-dir \"" + CACHE + "/pip-http\" -r requirements.txt",
                    Map.of(),
                    "python3"));
            python = "PY=python3; [ -x .venv/bin/python ] && PY=.venv/bin/python; \"$PY\"";
        }
        String pyproject = read(root.resolve("pyproject.toml"));
        if (pyproject.contains("[tool.ruff") && tool("ruff")) {
            out.add(check("python", "lint", "ruff check --no-cache .", Map.of(), "ruff"));
        }
        if (pyproject.contains("[tool.mypy") && tool("mypy")) {
            Check mypy = check("python", "lint", "mypy --cache-dir=/tmp/mypy .", Map.of(), "mypy");
            out.add(new Check("python-mypy", "python", "lint", mypy.command(), null, Map.of(), null, null));
        }
        out.add(check(
                "python",
                "test",
                python + " -m pytest -p no:cacheprovider --junitxml=" + REPORTS + "/pytest.xml",
                Map.of("PYTHONDONTWRITEBYTECODE", "1"),
                "python3"));
        if (exists(root, "requirements.txt") && tool("pip-audit")) {
            // pip-audit exits 1 when it finds something: the check passes when it wrote its report
            out.add(check(
                    "python",
                    "scan",
                    "mkdir -p " + REPORTS + " && rm -f " + PipAudit.REPORT + " && pip-audit -r requirements.txt"
                            + " -f json -o " + PipAudit.REPORT + " --progress-spinner off --cache-dir"
                            + " /tmp/pip-audit-cache; test -s " + PipAudit.REPORT,
                    Map.of(),
                    "pip-audit"));
        }
        return out;
    }

    private static List<Check> go() {
        Map<String, String> env = Map.of("GOFLAGS", "-mod=mod", "GOTOOLCHAIN", "local");
        String cache = "export GOMODCACHE=\"" + CACHE + "/go/mod\" GOCACHE=\"" + CACHE + "/go/build\"; ";
        return List.of(
                check("go", "fetch", cache + "go mod download", env, "go"),
                check(
                        "go",
                        "test",
                        cache + "mkdir -p " + REPORTS + " && GOPROXY=off go test -json ./... > " + REPORTS
                                + "/go-test.jsonl; rc=$?; cat " + REPORTS
                                + "/go-test.jsonl | grep -v '\"Action\":\"output\"'"
                                + " | tail -n 200; exit $rc",
                        env,
                        "go"));
    }

    private static List<Check> cargo() {
        Map<String, String> env = Map.of("CARGO_TARGET_DIR", "target");
        String cache = "export CARGO_HOME=\"" + CACHE + "/cargo\"; ";
        return List.of(
                check("cargo", "fetch", cache + "cargo fetch", env, "cargo"),
                check("cargo", "test", cache + "cargo test --offline --no-fail-fast", env, "cargo"));
    }

    private static List<Check> make(Path root) {
        String makefile = read(root.resolve("Makefile")) + read(root.resolve("makefile"));
        String target = Pattern.compile("(?m)^test\\s*:").matcher(makefile).find()
                ? "test"
                : Pattern.compile("(?m)^check\\s*:").matcher(makefile).find() ? "check" : "";
        return List.of(check("make", "test", ("make " + target).strip(), Map.of(), "make"));
    }

    private static Check check(String profile, String kind, String command, Map<String, String> env, String tool) {
        String unavailable = tool("sh".equals(tool) ? "sh" : tool)
                ? null
                : tool + " is not installed on this worker (looked in /usr/local/bin, /usr/bin, /bin)";
        return new Check(profile + "-" + kind, profile, kind, command, null, env, null, unavailable);
    }

    /** True when the tool is on the sandbox's PATH (the host's /usr is what sandboxes see). */
    static boolean tool(String name) {
        return TOOL_DIRS.stream().anyMatch(d -> Files.isExecutable(d.resolve(name)));
    }

    private static boolean exists(Path root, String name) {
        return Files.isRegularFile(root.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) < (4 << 20) ? Files.readString(file) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return JsonMapper.builder().build().readTree(read(file));
        } catch (RuntimeException e) {
            return null;
        }
    }

    static Stream<String> known() {
        return ORDER.stream();
    }
}
