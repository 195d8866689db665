import ai.matrix.architect.sandbox.SandboxLimits;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.SandboxResult;
import ai.matrix.architect.sandbox.bwrap.BwrapSandbox;
import ai.matrix.architect.sandbox.egress.RegistryAccess;
import ai.matrix.architect.sandbox.egress.TwoPhaseRun;
import ai.matrix.architect.ecosystem.CheckKind;
import ai.matrix.architect.ecosystem.Ecosystems;
import ai.matrix.architect.ecosystem.Maven;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Cache speed-up: the same Maven project (JUnit 5, one test) verified twice against one per-project cache, the
 * first time from an empty cache: (a) the two-phase run of an explicit {@code verify.profile} (fetch through the
 * egress proxy, then {@code mvn test} with no network); (b) the auto-detected Maven profile's own checks as VERIFY
 * runs them ({@code maven-fetch} through the proxy, {@code maven-test} offline). Run by bench/cache.sh.
 */
public class CacheBench {
    static final Maven MAVEN = new Maven();

    public static void main(String[] args) throws Exception {
        Path cache = Files.createTempDirectory("bench-cache");
        Path sockets = Files.createTempDirectory("bench-sock");
        var sandbox = new BwrapSandbox("bwrap");
        if (args.length > 0 && args[0].equals("profile")) {
            profileChecks(sandbox, sockets);
            return;
        }
        System.out.println("| run | fetch phase s | check phase s | total s |");
        System.out.println("|---|---|---|---|");
        for (int run = 1; run <= 2; run++) {
            Path ws = workspace();
            SandboxRequest check = new SandboxRequest("mvn -B -ntp -q test", ws, Map.of(), Duration.ofMinutes(10),
                    SandboxLimits.defaults(), false, null, line -> {});
            long t0 = System.nanoTime();
            TwoPhaseRun.Result r = TwoPhaseRun.run(sandbox, check, MAVEN, null, cache,
                    MAVEN.registryHosts(), sockets);
            double total = (System.nanoTime() - t0) / 1e9;
            if (!r.succeeded()) throw new IllegalStateException("run " + run + " failed");
            System.out.printf("| %s | %.1f | %.1f | %.1f |%n", run == 1 ? "1 (empty cache)" : "2 (warm cache)",
                    r.fetch().duration().toMillis() / 1e3, r.check().duration().toMillis() / 1e3, total);
        }
        profileChecks(sandbox, sockets);
    }

    /** The auto-detected profile's checks with the project's cache mounted, as VerifyStage runs them. */
    static void profileChecks(BwrapSandbox sandbox, Path sockets) throws Exception {
        Path cache = Files.createTempDirectory("bench-project-cache");
        System.out.println();
        System.out.println("| VERIFY run (auto profile) | maven-fetch s | proxied requests | maven-test s | total s |");
        System.out.println("|---|---|---|---|---|");
        for (int run = 1; run <= 2; run++) {
            Path ws = workspace();
            var checks = Ecosystems.checks("maven", ws);
            long t0 = System.nanoTime();
            double[] took = new double[2];
            int requests = 0;
            for (int i = 0; i < 2; i++) {
                var c = checks.get(i);
                RegistryAccess.Phase phase = c.kind() == CheckKind.FETCH ? RegistryAccess.Phase.FETCH_VIA_PROXY : RegistryAccess.Phase.OFFLINE;
                SandboxRequest req = new SandboxRequest(MAVEN.preamble(phase) + c.command(), ws,
                        MAVEN.merged(phase, c.env()), Duration.ofMinutes(10), SandboxLimits.defaults(),
                        false, null, line -> {}).withCache(cache);
                SandboxResult r;
                if (c.kind() == CheckKind.FETCH) {
                    var f = TwoPhaseRun.throughProxy(sandbox, req, MAVEN.registryHosts(), sockets);
                    requests = f.egress().size();
                    r = f.result();
                } else {
                    r = sandbox.run(req);
                }
                if (!r.succeeded()) throw new IllegalStateException(c.name() + " failed in run " + run);
                took[i] = r.duration().toMillis() / 1e3;
            }
            System.out.printf("| %s | %.1f | %d | %.1f | %.1f |%n", run == 1 ? "1 (empty cache)" : "2 (warm cache)",
                    took[0], requests, took[1], (System.nanoTime() - t0) / 1e9);
        }
    }

    static Path workspace() throws Exception {
        Path ws = Files.createTempDirectory("bench-maven");
        Files.writeString(ws.resolve("pom.xml"), Files.readString(Path.of("bench/fixture-maven/pom.xml")));
        Path t = Files.createDirectories(ws.resolve("src/test/java/fixture"));
        Files.copy(Path.of("bench/fixture-maven/AdditionTest.java"), t.resolve("AdditionTest.java"));
        return ws;
    }
}
