package ai.matrix.architect.ecosystem;

import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.egress.RegistryAccess;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Go modules ({@code go.mod}): {@code go mod download}, then {@code go test -json} with the module proxy off,
 * its events kept in {@value #TEST_EVENTS}; {@code go.sum} says what was resolved.
 */
public final class Go implements Ecosystem, RegistryAccess {
    /** Where the test check writes {@code go test -json}'s events, relative to the work tree. */
    public static final String TEST_EVENTS = REPORTS + "/go-test.jsonl";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern LOCATION = Pattern.compile("\\s*(\\S+\\.go:\\d+): (.*)");
    private static final int MAX_DETAIL = 4000;

    @Override
    public String name() {
        return "go";
    }

    @Override
    public boolean detect(Path root) {
        return BuildFiles.exists(root, "go.mod");
    }

    @Override
    public List<CheckKind> kinds() {
        return List.of(CheckKind.FETCH, CheckKind.TEST);
    }

    @Override
    public List<Check> checks(Path root) {
        Map<String, String> env = Map.of("GOFLAGS", "-mod=mod", "GOTOOLCHAIN", "local");
        String cache = "export GOMODCACHE=\"" + CACHE + "/go/mod\" GOCACHE=\"" + CACHE + "/go/build\"; ";
        return List.of(
                Toolchain.check(name(), CheckKind.FETCH, cache + "go mod download", env, "go"),
                Toolchain.check(
                        name(),
                        CheckKind.TEST,
                        cache + "mkdir -p " + REPORTS + " && GOPROXY=off go test -json ./... > " + TEST_EVENTS
                                + "; rc=$?; cat " + TEST_EVENTS + " | grep -v '\"Action\":\"output\"'"
                                + " | tail -n 200; exit $rc",
                        env,
                        "go"));
    }

    @Override
    public Optional<RegistryAccess> registry() {
        return Optional.of(this);
    }

    @Override
    public String fetchCommand() {
        return "go mod download";
    }

    @Override
    public Set<String> registryHosts() {
        return Set.of("proxy.golang.org", "sum.golang.org");
    }

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

    @Override
    public boolean readsLockfile(String fileName) {
        return fileName.equals("go.sum");
    }

    /** Every module version of {@code go.sum} (not the {@code /go.mod} lines), all counted as direct. */
    @Override
    public void readLockfile(String fileName, String text, String rel, DependencyCollector into) {
        into.source(rel);
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length != 3 || f[1].endsWith("/go.mod")) continue;
            String module = f[0];
            int slash = module.lastIndexOf('/');
            String purl = DependencyCollector.purl(
                    "golang",
                    slash < 0 ? null : module.substring(0, slash),
                    module.substring(slash + 1),
                    f[1],
                    Map.of());
            into.add(new Package("Go", module, f[1], purl, Map.of(), List.of(), false, List.of(), rel));
            into.direct(purl);
        }
    }

    @Override
    public List<TestReport.Suite> testReports(Path root, Instant since) throws IOException {
        Path events = root.resolve(TEST_EVENTS);
        if (Files.isRegularFile(events)
                && !Files.getLastModifiedTime(events).toInstant().isBefore(since.minusSeconds(2))) {
            return testEvents(events, root);
        }
        return List.of();
    }

    /** {@code go test -json} events: one suite per package, one case per test; output kept for failures. */
    static List<TestReport.Suite> testEvents(Path file, Path root) throws IOException {
        Map<String, Map<String, String[]>> packages = new LinkedHashMap<>();
        Map<String, StringBuilder> output = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            while ((line = r.readLine()) != null) event(line, packages, output);
        }
        List<TestReport.Suite> suites = new ArrayList<>();
        String rel = root.relativize(file).toString();
        for (var p : packages.entrySet()) {
            List<TestReport.Case> cases = new ArrayList<>();
            for (var t : p.getValue().entrySet()) {
                String out = output.getOrDefault(p.getKey() + "\u0000" + t.getKey(), new StringBuilder())
                        .toString();
                cases.add(testCase(p.getKey(), t.getKey(), t.getValue(), out));
            }
            suites.add(new TestReport.Suite(p.getKey(), rel, cases));
        }
        return suites;
    }

    private static void event(
            String line, Map<String, Map<String, String[]>> packages, Map<String, StringBuilder> output) {
        if (!line.startsWith("{")) return;
        JsonNode e;
        try {
            e = JSON.readTree(line);
        } catch (RuntimeException ex) {
            return;
        }
        String pkg = e.path("Package").asString("");
        String test = e.path("Test").asString("");
        if (test.isEmpty()) return;
        String key = pkg + "\u0000" + test;
        switch (e.path("Action").asString("")) {
            case "output" -> {
                StringBuilder b = output.computeIfAbsent(key, k -> new StringBuilder());
                if (b.length() < MAX_DETAIL) b.append(e.path("Output").asString(""));
            }
            case "pass", "fail", "skip" ->
                packages.computeIfAbsent(pkg, k -> new LinkedHashMap<>()).put(test, new String[] {
                    e.path("Action").asString(), e.path("Elapsed").asString("")
                });
            default -> {}
        }
    }

    private static TestReport.Case testCase(String pkg, String test, String[] result, String out) {
        String status = switch (result[0]) {
            case "fail" -> "failed";
            case "skip" -> "skipped";
            default -> "passed";
        };
        String message = null;
        String detail = null;
        String where = null;
        if (status.equals("failed")) {
            detail = out.strip();
            Matcher m = LOCATION.matcher(detail);
            if (m.find()) {
                message = m.group(2);
                where = m.group(1);
            } else {
                message = "failed";
            }
        }
        Double seconds = null;
        try {
            seconds = Double.parseDouble(result[1]);
        } catch (NumberFormatException ignored) {
            // Elapsed is optional
        }
        return new TestReport.Case(test, pkg, status, message, detail, where, seconds);
    }
}
