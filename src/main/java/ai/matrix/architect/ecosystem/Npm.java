package ai.matrix.architect.ecosystem;

import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.egress.RegistryAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * npm ({@code package.json}): install when it has dependencies, its {@code lint} and {@code build} scripts, its
 * tests (node's own runner writes JUnit XML, jest through jest-junit), and {@code npm audit} when it has a lockfile.
 * {@code package-lock.json} says what was resolved ({@link NpmLock}).
 */
public final class Npm implements Ecosystem, RegistryAccess {
    /** Where the scan check writes {@code npm audit --json}, relative to the work tree. */
    public static final String AUDIT_REPORT = REPORTS + "/npm-audit.json";

    private static final String CACHE_FLAG = " --cache \"" + CACHE + "/npm\"";
    private static final String NODE_TEST =
            "mkdir -p " + REPORTS + " && node --test --test-reporter=spec --test-reporter-destination=stdout"
                    + " --test-reporter=junit --test-reporter-destination=" + REPORTS + "/node-test.xml";

    @Override
    public String name() {
        return "npm";
    }

    @Override
    public boolean detect(Path root) {
        return BuildFiles.exists(root, "package.json");
    }

    @Override
    public List<CheckKind> kinds() {
        return List.of(CheckKind.FETCH, CheckKind.LINT, CheckKind.BUILD, CheckKind.TEST, CheckKind.SCAN);
    }

    @Override
    public List<Check> checks(Path root) {
        List<Check> out = new ArrayList<>();
        JsonNode pkg = BuildFiles.readJson(root.resolve("package.json"));
        boolean lockfile = BuildFiles.exists(root, "package-lock.json");
        boolean hasDeps = pkg != null
                && (pkg.path("dependencies").size() > 0
                        || pkg.path("devDependencies").size() > 0);
        if (hasDeps) {
            String install = lockfile ? "npm ci" : "npm install";
            out.add(npm(CheckKind.FETCH, install + " --ignore-scripts --no-audit --no-fund" + CACHE_FLAG));
        }
        if (pkg != null && pkg.path("scripts").has("lint")) {
            out.add(npm(CheckKind.LINT, "npm run lint --offline" + CACHE_FLAG));
        }
        if (pkg != null && pkg.path("scripts").has("build")) {
            out.add(npm(CheckKind.BUILD, "npm run build --offline" + CACHE_FLAG));
        }
        out.add(test(pkg == null ? "" : pkg.path("scripts").path("test").asString("")));
        if (lockfile) {
            // npm audit exits 1 when it finds something: the check passes when it wrote its report
            out.add(npm(
                    CheckKind.SCAN,
                    "mkdir -p " + REPORTS + " && npm audit --json --package-lock-only" + CACHE_FLAG + " > "
                            + AUDIT_REPORT + "; test -s " + AUDIT_REPORT));
        }
        return out;
    }

    /** No test script: node's own runner; a {@code node --test} script: the same with its arguments; else npm test. */
    private Check test(String script) {
        if (script.isBlank() || script.contains("no test specified")) {
            return Toolchain.check(name(), CheckKind.TEST, NODE_TEST, Map.of(), "node");
        }
        if (script.strip().startsWith("node --test")) {
            String args = script.strip().substring("node --test".length());
            return Toolchain.check(name(), CheckKind.TEST, NODE_TEST + args, Map.of(), "node");
        }
        return Toolchain.check(
                name(),
                CheckKind.TEST,
                "npm test --offline" + CACHE_FLAG,
                Map.of("JEST_JUNIT_OUTPUT_DIR", REPORTS),
                "npm");
    }

    private Check npm(CheckKind kind, String command) {
        return Toolchain.check(name(), kind, command, Map.of(), "npm");
    }

    @Override
    public Optional<RegistryAccess> registry() {
        return Optional.of(this);
    }

    @Override
    public String fetchCommand() {
        return "npm ci --ignore-scripts --no-audit --no-fund";
    }

    @Override
    public Set<String> registryHosts() {
        return Set.of("registry.npmjs.org");
    }

    @Override
    public Map<String, String> env(Phase phase, Map<String, String> base) {
        String cache = SandboxRequest.CACHE_MOUNT + "/npm";
        return switch (phase) {
            case FETCH_VIA_PROXY ->
                Map.of("npm_config_cache", cache, "npm_config_https_proxy", PROXY_URL, "npm_config_proxy", PROXY_URL);
            case FETCH_DIRECT -> Map.of("npm_config_cache", cache);
            case OFFLINE -> Map.of("npm_config_cache", cache, "npm_config_offline", "true");
        };
    }

    @Override
    public boolean readsLockfile(String fileName) {
        return fileName.equals("package-lock.json") || fileName.equals("npm-shrinkwrap.json");
    }

    @Override
    public void readLockfile(String fileName, String text, String rel, DependencyCollector into) {
        new NpmLock(into).read(text, rel);
    }

    /** The package URL of an npm package version, its scope as the namespace. */
    public static String purl(String name, String version) {
        return NpmLock.purl(name, version);
    }
}
