package ai.matrix.architect.ecosystem;

import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.egress.EgressProxy;
import ai.matrix.architect.sandbox.egress.RegistryAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maven ({@code pom.xml}): a fetch that resolves and compiles with no test run and writes the dependency tree, then
 * an offline {@code test}; Surefire writes JUnit XML. The resolved dependencies come from that tree
 * ({@link MavenTree}).
 */
public final class Maven implements Ecosystem, RegistryAccess {
    /** The Maven dependency tree (TGF) written by the fetch check, per module. */
    public static final String TREE = "target/matrix-architect-deps.tgf";

    private static final String MVN = "mvn -B -ntp -Dmaven.repo.local=\"" + CACHE + "/m2\"";
    private static final Map<String, String> JVM_ENV = Map.of("MAVEN_OPTS", "-Xmx768m -XX:ActiveProcessorCount=2");
    private static final String PROXIES = "<proxies><proxy><id>egress</id><active>true</active>"
            + "<protocol>https</protocol><host>127.0.0.1</host><port>" + EgressProxy.SANDBOX_PORT + "</port></proxy>"
            + "<proxy><id>egress-http</id><active>true</active><protocol>http</protocol>"
            + "<host>127.0.0.1</host><port>" + EgressProxy.SANDBOX_PORT + "</port></proxy></proxies>";

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public boolean detect(Path root) {
        return BuildFiles.exists(root, "pom.xml");
    }

    @Override
    public List<CheckKind> kinds() {
        return List.of(CheckKind.FETCH, CheckKind.TEST);
    }

    /**
     * The fetch resolves and compiles what the tests need (up to the {@code test} phase, with a test filter that
     * matches nothing, so Surefire's provider is resolved but no test runs) and writes the tree; the test check then
     * runs {@code mvn -o test}, what most projects' CI runs, and finds the classes already compiled. Neither runs
     * {@code package}, {@code verify} or {@code install} unless the project's CI does ({@link #checks(List)}): their
     * plugins (javadoc, signing, integration tests) are often wired to the network or to release credentials and
     * are not what a change is verified with.
     */
    @Override
    public List<Check> checks(Path root) {
        return checks(List.of("test"));
    }

    /**
     * The checks for the goals and options a project's CI runs ({@code -pl core -P ci verify}): the fetch runs
     * that same build online with every Surefire and Failsafe test filtered out, so the plugins of each phase the
     * CI reaches (and the test providers they load when they run) are resolved; the test check runs it offline.
     * {@code clean} is dropped (it would delete the fetch's tree and compiled classes) and {@code install} runs as
     * {@code verify} (a job's artifacts must not reach the project's shared cache).
     */
    public List<Check> checks(List<String> ciArguments) {
        String build = String.join(" ", ciBuild(ciArguments));
        String none = "matrixArchitectFetchOnly";
        return List.of(
                Toolchain.check(
                        name(),
                        CheckKind.FETCH,
                        MVN + " " + build + " \"-Dtest=*#" + none + "\" -Dsurefire.failIfNoSpecifiedTests=false"
                                + " \"-Dit.test=*#" + none + "\" -Dfailsafe.failIfNoSpecifiedTests=false"
                                + " org.apache.maven.plugins:maven-dependency-plugin:3.8.1:tree -DoutputType=tgf"
                                + " -DoutputFile=" + TREE,
                        JVM_ENV,
                        "mvn"),
                Toolchain.check(name(), CheckKind.TEST, MVN + " -o " + build, JVM_ENV, "mvn"));
    }

    /** The CI's goals and options as a job runs them: without {@code clean}, {@code install} as {@code verify}. */
    public static List<String> ciBuild(List<String> ciArguments) {
        return ciArguments.stream()
                .filter(a -> !a.equals("clean"))
                .map(a -> a.equals("install") ? "verify" : a)
                .toList();
    }

    @Override
    public Optional<RegistryAccess> registry() {
        return Optional.of(this);
    }

    /**
     * {@code dependency:go-offline} misses what surefire resolves when it runs (its provider, Maven's injected
     * plexus-utils), so the fetch also runs {@code surefire:test} once against an empty probe class file: that
     * resolves and starts the provider but runs no project code. The probe and its reports are removed again.
     */
    @Override
    public String fetchCommand() {
        return "mvn -B -ntp -q dependency:go-offline && had_target=$([ -e target ] && echo yes);"
                + " mkdir -p target/test-classes/matrixarchitect"
                + " && : > target/test-classes/matrixarchitect/FetchProbeTest.class"
                + " && { mvn -B -ntp -q surefire:test -Dtest=FetchProbeTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " >/dev/null 2>&1; if [ -z \"$had_target\" ]; then rm -rf target; else"
                + " rm -rf target/test-classes/matrixarchitect target/surefire-reports/*FetchProbe*; fi; true; }";
    }

    @Override
    public Set<String> registryHosts() {
        return Set.of("repo.maven.apache.org", "repo1.maven.org");
    }

    /**
     * Maven ignores {@code HTTPS_PROXY} and reads its settings from {@code user.home}: a home in the run's
     * private /tmp, written inside the sandbox, so the server never writes into the cache that sandboxed code
     * can change, and concurrent jobs of one project never share a settings file.
     */
    @Override
    public String preamble(Phase phase) {
        String repo = "<localRepository>" + SandboxRequest.CACHE_MOUNT + "/m2</localRepository>";
        String settings = "<settings>" + repo + "<offline>" + (phase == Phase.OFFLINE) + "</offline>"
                + (phase == Phase.FETCH_VIA_PROXY ? PROXIES : "") + "</settings>";
        return "mkdir -p " + HOME + "/.m2 && printf '%s\\n' '" + settings + "' > " + HOME + "/.m2/settings.xml\n";
    }

    @Override
    public Map<String, String> env(Phase phase, Map<String, String> base) {
        String opts = base.getOrDefault("MAVEN_OPTS", "-Xmx512m -XX:ActiveProcessorCount=2")
                .strip();
        return Map.of("HOME", HOME, "MAVEN_OPTS", opts + " -Duser.home=" + HOME);
    }

    @Override
    public boolean readsLockfile(String fileName) {
        return fileName.equals("matrix-architect-deps.tgf");
    }

    @Override
    public void readLockfile(String fileName, String text, String rel, DependencyCollector into) {
        new MavenTree(into.cache().resolve("m2"), into).read(text, rel);
    }
}
