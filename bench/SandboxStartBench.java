import ai.matrix.architect.sandbox.Sandbox;
import ai.matrix.architect.sandbox.SandboxLimits;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.bwrap.BwrapSandbox;
import ai.matrix.architect.sandbox.docker.DockerEngine;
import ai.matrix.architect.sandbox.docker.DockerSandbox;
import ai.matrix.architect.sandbox.docker.DockerSandboxProperties;
import ai.matrix.architect.sandbox.local.UnisolatedSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Start overhead of one sandboxed run of {@code true}: bare process (ARCHITECT_SANDBOX=none), bubblewrap
 * (with its cgroups and prlimit), docker (create, attach, start, wait, inspect, remove). Run by
 * bench/sandbox-start.sh; prints a Markdown table.
 */
public class SandboxStartBench {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path ws = Files.createTempDirectory("bench-ws");
        List<Sandbox> sandboxes = new ArrayList<>(List.of(new UnisolatedSandbox()));
        if (BwrapSandbox.works("bwrap")) sandboxes.add(new BwrapSandbox("bwrap"));
        var props = DockerSandboxProperties.defaults();
        if (DockerEngine.answers(props.host())) sandboxes.add(new DockerSandbox(DockerEngine.connect(props.host()), props));
        System.out.println("| sandbox | runs | median ms | p90 ms | min ms |");
        System.out.println("|---|---|---|---|---|");
        for (Sandbox s : sandboxes) {
            SandboxRequest req = new SandboxRequest("true", ws, Map.of(), Duration.ofSeconds(30), SandboxLimits.defaults(),
                    false, null, line -> {});
            for (int i = 0; i < 5; i++) s.run(req);
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                var r = s.run(req);
                ms.add((System.nanoTime() - t0) / 1e6);
                if (r.exitCode() != 0) throw new IllegalStateException(s.name() + " failed: " + r.describe());
            }
            Collections.sort(ms);
            System.out.printf("| %s | %d | %.1f | %.1f | %.1f |%n", s.name(), runs, ms.get(runs / 2),
                    ms.get((int) Math.ceil(runs * 0.9) - 1), ms.get(0));
        }
    }
}
