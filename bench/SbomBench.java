import ai.matrix.architect.evidence.SbomBuilder;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cyclonedx.Version;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;

/**
 * What writing one SBOM costs: {@link SbomBuilder#json} (one shared CycloneDX generator, a BOM of two packages)
 * against the library's factory building a fresh generator, and with it a fresh Jackson mapper, for every BOM (what
 * {@code SbomBuilder} did before; timed here on an empty BOM, so the comparison favours it). {@code bench/sbom.sh
 * [writes]}; three rounds, the first one warming up.
 */
public class SbomBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path dir = Files.createTempDirectory("sbom-bench");
        Files.writeString(dir.resolve("requirements.txt"), "requests==2.31.0\nflask==3.0.0\n");
        Class<?> resolved = Class.forName("ai.matrix.architect.evidence.ResolvedDependencies");
        Method of = resolved.getDeclaredMethod("of", Path.class);
        of.setAccessible(true);
        Object deps = of.invoke(null, dir);
        Method json = SbomBuilder.class.getDeclaredMethod(
                "json", deps.getClass(), String.class, String.class, String.class);
        for (int round = 1; round <= 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) json.invoke(null, deps, "repo", "commit", "job");
            long shared = System.nanoTime() - t0;
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) BomGeneratorFactory.createJson(Version.VERSION_16, new Bom()).toJsonString();
            long fresh = System.nanoTime() - t0;
            System.out.printf(
                    "round %d: shared generator, 2-package SBOM %.2f ms; fresh generator per BOM, empty BOM %.2f ms%n",
                    round, shared / 1e6 / n, fresh / 1e6 / n);
        }
    }
}
