package ai.matrix.architect.verify.truth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The {@code run:} steps of a repository's GitHub Actions workflows, read with SnakeYAML's safe loader. */
final class Workflows {
    /** One run step: its workflow file, job, step name (may be empty) and the script's non-comment lines. */
    record RunStep(String file, String job, String step, List<String> lines) {
        boolean namedTest() {
            return mentionsTest(job) || mentionsTest(step);
        }

        boolean stepNamedTest() {
            return mentionsTest(step);
        }

        private static boolean mentionsTest(String s) {
            return s != null && s.toLowerCase(Locale.ROOT).contains("test");
        }
    }

    private Workflows() {}

    static List<RunStep> runSteps(Path root) {
        Path dir = root.resolve(".github/workflows");
        if (!Files.isDirectory(dir)) return List.of();
        List<RunStep> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".yml") || name.endsWith(".yaml"))
                    Files2.read(f).ifPresent(text -> read(name, text, out));
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static void read(String file, String text, List<RunStep> out) {
        Object doc;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            doc = new Yaml(new SafeConstructor(options)).load(text);
        } catch (RuntimeException e) {
            return; // a workflow we cannot read is no hint
        }
        if (!(doc instanceof Map<?, ?> top) || !(top.get("jobs") instanceof Map<?, ?> jobs)) return;
        for (Map.Entry<?, ?> job : jobs.entrySet()) {
            if (!(job.getValue() instanceof Map<?, ?> body)) continue;
            String jobName = job.getKey() + (body.get("name") instanceof String n ? " (" + n + ")" : "");
            if (!(body.get("steps") instanceof List<?> steps)) continue;
            for (Object s : steps) {
                if (!(s instanceof Map<?, ?> step) || !(step.get("run") instanceof String run)) continue;
                List<String> lines = run.lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .toList();
                if (!lines.isEmpty())
                    out.add(new RunStep(file, jobName, step.get("name") instanceof String n ? n : "", lines));
            }
        }
    }
}
