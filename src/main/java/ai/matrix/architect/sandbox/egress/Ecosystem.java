package ai.matrix.architect.sandbox.egress;

import ai.matrix.architect.sandbox.SandboxRequest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one ecosystem fetches its dependencies into a project's cache (mounted at {@value SandboxRequest#CACHE_MOUNT})
 * through the egress proxy, and how its checks then find them there with no network.
 *
 * <p>The cache is shared by every job of one project, concurrently too, and sandboxed code can write to it; so
 * whatever a phase needs beyond the packages themselves (Maven's settings) is written by the phase's
 * {@link #preamble} into the run's own /tmp, never into the cache.
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
        /**
         * Maven ignores {@code HTTPS_PROXY} and reads its settings from {@code user.home}: a home in the run's
         * private /tmp, written inside the sandbox, so the server never writes into the cache that sandboxed code
         * can change, and concurrent jobs of one project never share a settings file.
         */
        @Override
        public String preamble(Phase phase) {
            String repo = "<localRepository>" + SandboxRequest.CACHE_MOUNT + "/m2</localRepository>";
            String settings = "<settings>" + repo + "<offline>" + (phase == Phase.OFFLINE) + "</offline>"
                    + (phase == Phase.FETCH_VIA_PROXY ? MAVEN_PROXIES : "") + "</settings>";
            return "mkdir -p " + HOME + "/.m2 && printf '%s\\n' '" + settings + "' > " + HOME + "/.m2/settings.xml\n";
        }

        @Override
        public Map<String, String> env(Phase phase, Map<String, String> base) {
            String opts = base.getOrDefault("MAVEN_OPTS", "-Xmx512m -XX:ActiveProcessorCount=2")
                    .strip();
            return Map.of("HOME", HOME, "MAVEN_OPTS", opts + " -Duser.home=" + HOME);
        }
    },
    NPM("npm ci --ignore-scripts --no-audit --no-fund", Set.of("registry.npmjs.org")) {
        @Override
        public Map<String, String> env(Phase phase, Map<String, String> base) {
            String cache = SandboxRequest.CACHE_MOUNT + "/npm";
            String proxy = "http://127.0.0.1:" + EgressProxy.SANDBOX_PORT;
            return switch (phase) {
                case FETCH_VIA_PROXY ->
                    Map.of("npm_config_cache", cache, "npm_config_https_proxy", proxy, "npm_config_proxy", proxy);
                case FETCH_DIRECT -> Map.of("npm_config_cache", cache);
                case OFFLINE -> Map.of("npm_config_cache", cache, "npm_config_offline", "true");
            };
        }
    },
    PIP(
            "pip download --dest " + SandboxRequest.CACHE_MOUNT + "/pip -r requirements.txt",
            Set.of("pypi.org", "files.pythonhosted.org")) {
        @Override
        public Map<String, String> env(Phase phase, Map<String, String> base) {
            String http = SandboxRequest.CACHE_MOUNT + "/pip-http";
            return phase != Phase.OFFLINE
                    ? Map.of("PIP_CACHE_DIR", http)
                    : Map.of(
                            "PIP_CACHE_DIR",
                            http,
                            "PIP_NO_INDEX",
                            "1",
                            "PIP_FIND_LINKS",
                            SandboxRequest.CACHE_MOUNT + "/pip");
        }
    },
    GO("go mod download", Set.of("proxy.golang.org", "sum.golang.org")) {
        @Override
        public Map<String, String> env(Phase phase, Map<String, String> base) {
            return Map.of(
                    "GOMODCACHE",
                    SandboxRequest.CACHE_MOUNT + "/go/mod",
                    "GOPATH",
                    SandboxRequest.CACHE_MOUNT + "/go/path",
                    "GOPROXY",
                    phase == Phase.OFFLINE ? "off" : "https://proxy.golang.org",
                    "GOFLAGS",
                    "-mod=mod");
        }
    };

    /** A command's relation to the network: which settings and environment it gets. */
    public enum Phase {
        /** Resolving dependencies with the egress proxy as the only way out. */
        FETCH_VIA_PROXY,
        /** Resolving dependencies with the network (the job allows it, or the sandbox cannot route the proxy). */
        FETCH_DIRECT,
        /** Everything else: no network, dependencies from the cache only. */
        OFFLINE
    }

    /** The environment variable that tells a command where its project's cache is mounted. */
    public static final String CACHE_ENV = "MATRIX_ARCHITECT_CACHE";

    /** The home of a phase's tools: in the run's private /tmp. */
    static final String HOME = "/tmp/matrix-architect-home";

    private final String fetchCommand;
    private final Set<String> registryHosts;

    Ecosystem(String fetchCommand, Set<String> registryHosts) {
        this.fetchCommand = fetchCommand;
        this.registryHosts = registryHosts;
    }

    /** The ecosystem a {@code verify.profile} names ({@code maven}, {@code npm}, {@code python}, {@code go}). */
    public static Optional<Ecosystem> forProfile(String profile) {
        if (profile == null) return Optional.empty();
        return switch (profile.toLowerCase(Locale.ROOT)) {
            case "maven" -> Optional.of(MAVEN);
            case "npm" -> Optional.of(NPM);
            case "python", "pip" -> Optional.of(PIP);
            case "go" -> Optional.of(GO);
            default -> Optional.empty();
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
     * Shell lines run inside the sandbox before the phase's command: they write what the tool reads besides
     * its environment (Maven's settings) into the run's private /tmp.
     */
    public String preamble(Phase phase) {
        return "";
    }

    /**
     * The environment of a phase on top of the command's own {@code base}: where the tool finds the project's
     * cache, and in the fetch phase how it reaches the egress proxy when it ignores {@code HTTPS_PROXY}.
     */
    public abstract Map<String, String> env(Phase phase, Map<String, String> base);

    /** {@code base} with the phase's environment on top, and {@value #CACHE_ENV} naming the mount. */
    public Map<String, String> merged(Phase phase, Map<String, String> base) {
        Map<String, String> all = new HashMap<>(base);
        all.putAll(env(phase, base));
        all.put(CACHE_ENV, SandboxRequest.CACHE_MOUNT);
        return Map.copyOf(all);
    }

    private static final String MAVEN_PROXIES = "<proxies><proxy><id>egress</id><active>true</active>"
            + "<protocol>https</protocol><host>127.0.0.1</host><port>" + EgressProxy.SANDBOX_PORT + "</port></proxy>"
            + "<proxy><id>egress-http</id><active>true</active><protocol>http</protocol>"
            + "<host>127.0.0.1</host><port>" + EgressProxy.SANDBOX_PORT + "</port></proxy></proxies>";
}
