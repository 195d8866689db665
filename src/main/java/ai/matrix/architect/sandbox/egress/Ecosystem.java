package ai.matrix.architect.sandbox.egress;

import ai.matrix.architect.sandbox.SandboxRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * How one ecosystem fetches its dependencies into a project's cache (mounted at {@value SandboxRequest#CACHE_MOUNT})
 * through the egress proxy, and how its checks then find them there with no network.
 */
public enum Ecosystem {
    /**
     * {@code dependency:go-offline} misses what surefire resolves when it runs (its provider, Maven's injected
     * plexus-utils), so the fetch also runs {@code surefire:test} once against an empty probe class file: that
     * resolves and starts the provider but runs no project code. The probe and its reports are removed again.
     */
    MAVEN(
            "mvn -B -ntp -q dependency:go-offline && had_target=$([ -e target ] && echo yes);"
                    + " mkdir -p target/test-classes/matrixarchitect"
                    + " && : > target/test-classes/matrixarchitect/FetchProbeTest.class"
                    + " && { mvn -B -ntp -q surefire:test -Dtest=FetchProbeTest -Dsurefire.failIfNoSpecifiedTests=false"
                    + " >/dev/null 2>&1; if [ -z \"$had_target\" ]; then rm -rf target; else"
                    + " rm -rf target/test-classes/matrixarchitect target/surefire-reports/*FetchProbe*; fi; true; }",
            Set.of("repo.maven.apache.org", "repo1.maven.org")) {
        @Override
        void prepare(Path cache, boolean fetchPhase) throws IOException {
            Path m2 = Files.createDirectories(cache.resolve("home/.m2"));
            String proxy = fetchPhase ? MAVEN_PROXIES : "";
            Files.writeString(
                    m2.resolve("settings.xml"),
                    "<settings><localRepository>" + SandboxRequest.CACHE_MOUNT + "/m2</localRepository><offline>"
                            + !fetchPhase + "</offline>" + proxy + "</settings>\n");
        }

        @Override
        Map<String, String> env(boolean fetchPhase) {
            return Map.of(
                    "HOME",
                    SandboxRequest.CACHE_MOUNT + "/home",
                    "MAVEN_OPTS",
                    "-Xmx512m -XX:ActiveProcessorCount=2 -Duser.home=" + SandboxRequest.CACHE_MOUNT + "/home");
        }

        /**
         * Maven ignores {@code HTTPS_PROXY}: a user settings file with only the proxies (the command keeps its
         * own {@code -Dmaven.repo.local}), found through {@code user.home}.
         */
        @Override
        public Map<String, String> proxySettings(Path dir, Map<String, String> env) throws IOException {
            Path m2 = Files.createDirectories(dir.resolve("home/.m2"));
            Files.writeString(m2.resolve("settings.xml"), "<settings>" + MAVEN_PROXIES + "</settings>\n");
            String home = SandboxRequest.CACHE_MOUNT + "/home";
            String opts = env.getOrDefault("MAVEN_OPTS", "").strip();
            return Map.of("HOME", home, "MAVEN_OPTS", (opts + " -Duser.home=" + home).strip());
        }
    },
    NPM("npm ci --ignore-scripts --no-audit --no-fund", Set.of("registry.npmjs.org")) {
        @Override
        public Map<String, String> proxySettings(Path dir, Map<String, String> env) {
            String url = "http://127.0.0.1:" + EgressProxy.SANDBOX_PORT;
            return Map.of("npm_config_https_proxy", url, "npm_config_proxy", url);
        }

        @Override
        Map<String, String> env(boolean fetchPhase) {
            return fetchPhase
                    ? Map.of("npm_config_cache", SandboxRequest.CACHE_MOUNT + "/npm")
                    : Map.of("npm_config_cache", SandboxRequest.CACHE_MOUNT + "/npm", "npm_config_offline", "true");
        }
    },
    PIP(
            "pip download --dest " + SandboxRequest.CACHE_MOUNT + "/pip -r requirements.txt",
            Set.of("pypi.org", "files.pythonhosted.org")) {
        @Override
        Map<String, String> env(boolean fetchPhase) {
            return fetchPhase
                    ? Map.of()
                    : Map.of("PIP_NO_INDEX", "1", "PIP_FIND_LINKS", SandboxRequest.CACHE_MOUNT + "/pip");
        }
    },
    GO("go mod download", Set.of("proxy.golang.org", "sum.golang.org")) {
        @Override
        Map<String, String> env(boolean fetchPhase) {
            return Map.of(
                    "GOMODCACHE",
                    SandboxRequest.CACHE_MOUNT + "/go",
                    "GOPATH",
                    SandboxRequest.CACHE_MOUNT + "/gopath",
                    "GOPROXY",
                    fetchPhase ? "https://proxy.golang.org" : "off",
                    "GOFLAGS",
                    "-mod=mod");
        }
    };

    private final String fetchCommand;
    private final Set<String> registryHosts;

    Ecosystem(String fetchCommand, Set<String> registryHosts) {
        this.fetchCommand = fetchCommand;
        this.registryHosts = registryHosts;
    }

    /** The ecosystem a {@code verify.profile} names ({@code maven}, {@code npm}, {@code python}, {@code go}). */
    public static java.util.Optional<Ecosystem> forProfile(String profile) {
        if (profile == null) return java.util.Optional.empty();
        return switch (profile.toLowerCase(java.util.Locale.ROOT)) {
            case "maven" -> java.util.Optional.of(MAVEN);
            case "npm" -> java.util.Optional.of(NPM);
            case "python", "pip" -> java.util.Optional.of(PIP);
            case "go" -> java.util.Optional.of(GO);
            default -> java.util.Optional.empty();
        };
    }

    public String fetchCommand() {
        return fetchCommand;
    }

    /** The ecosystem's public registry: the default allow-list of its fetch phase. */
    public Set<String> registryHosts() {
        return registryHosts;
    }

    /**
     * For a command that keeps its own cache (a VERIFY profile's fetch check) but whose only way out is the egress
     * proxy: writes the tool's proxy settings under {@code dir} (mounted at {@value SandboxRequest#CACHE_MOUNT})
     * and returns the environment, on top of the command's {@code env}, that makes the tool use them. The
     * default is nothing: the tool honours the {@code HTTPS_PROXY} the sandbox sets.
     */
    public Map<String, String> proxySettings(Path dir, Map<String, String> env) throws IOException {
        return Map.of();
    }

    private static final String MAVEN_PROXIES = "<proxies><proxy><id>egress</id><active>true</active>"
            + "<protocol>https</protocol><host>127.0.0.1</host><port>" + EgressProxy.SANDBOX_PORT + "</port></proxy>"
            + "<proxy><id>egress-http</id><active>true</active><protocol>http</protocol>"
            + "<host>127.0.0.1</host><port>" + EgressProxy.SANDBOX_PORT + "</port></proxy></proxies>";

    /** Writes what the tool reads from the cache before a phase (settings files). */
    void prepare(Path cache, boolean fetchPhase) throws IOException {}

    /** Environment of a phase. */
    abstract Map<String, String> env(boolean fetchPhase);
}
