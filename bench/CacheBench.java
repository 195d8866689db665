import ai.matrix.architect.sandbox.SandboxLimits;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.bwrap.BwrapSandbox;
import ai.matrix.architect.sandbox.egress.Ecosystem;
import ai.matrix.architect.sandbox.egress.TwoPhaseRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Cache speed-up: the same Maven project (JUnit 5, one test) verified twice with the two-phase run (fetch
 * through the egress proxy, then {@code mvn test} with no network) against one per-project cache. The first
 * run starts from an empty cache. Run by bench/cache.sh.
 */
public class CacheBench {
    public static void main(String[] args) throws Exception {
        Path cache = Files.createTempDirectory("bench-cache");
        Path sockets = Files.createTempDirectory("bench-sock");
        var sandbox = new BwrapSandbox("bwrap");
        System.out.println("| run | fetch phase s | check phase s | total s |");
        System.out.println("|---|---|---|---|");
        for (int run = 1; run <= 2; run++) {
            Path ws = Files.createTempDirectory("bench-maven");
            Files.writeString(ws.resolve("pom.xml"), Files.readString(Path.of("bench/fixture-maven/pom.xml")));
            Path t = Files.createDirectories(ws.resolve("src/test/java/fixture"));
            Files.copy(Path.of("bench/fixture-maven/AdditionTest.java"), t.resolve("AdditionTest.java"));
            SandboxRequest check = new SandboxRequest("mvn -B -ntp -q test", ws, Map.of(), Duration.ofMinutes(10),
                    SandboxLimits.defaults(), false, null, line -> {});
            long t0 = System.nanoTime();
            TwoPhaseRun.Result r = TwoPhaseRun.run(sandbox, check, Ecosystem.MAVEN, null, cache,
                    Ecosystem.MAVEN.registryHosts(), sockets);
            double total = (System.nanoTime() - t0) / 1e9;
            if (!r.succeeded()) throw new IllegalStateException("run " + run + " failed");
            System.out.printf("| %s | %.1f | %.1f | %.1f |%n", run == 1 ? "1 (empty cache)" : "2 (warm cache)",
                    r.fetch().duration().toMillis() / 1e3, r.check().duration().toMillis() / 1e3, total);
        }
    }
}
