package ai.matrix.architect.ecosystem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rust's Cargo ({@code Cargo.toml}): {@code cargo fetch}, then offline tests whose results only their output
 * holds; {@code Cargo.lock} says what was resolved.
 */
public final class Cargo implements Ecosystem {
    private static final Pattern RESULT = Pattern.compile("^test (\\S+) \\.\\.\\. (ok|FAILED|ignored)\\b.*$");
    private static final Pattern DEPENDENCIES = Pattern.compile("(?s)dependencies\\s*=\\s*\\[(.*?)]");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    @Override
    public String name() {
        return "cargo";
    }

    @Override
    public boolean detect(Path root) {
        return BuildFiles.exists(root, "Cargo.toml");
    }

    @Override
    public List<CheckKind> kinds() {
        return List.of(CheckKind.FETCH, CheckKind.TEST);
    }

    @Override
    public List<Check> checks(Path root) {
        Map<String, String> env = Map.of("CARGO_TARGET_DIR", "target");
        String cache = "export CARGO_HOME=\"" + CACHE + "/cargo\"; ";
        return List.of(
                Toolchain.check(name(), CheckKind.FETCH, cache + "cargo fetch", env, "cargo"),
                Toolchain.check(name(), CheckKind.TEST, cache + "cargo test --offline --no-fail-fast", env, "cargo"));
    }

    @Override
    public boolean readsLockfile(String fileName) {
        return fileName.equals("Cargo.lock");
    }

    /** Every {@code [[package]]}, with the edges its {@code dependencies} name; a package with no source is ours. */
    @Override
    public void readLockfile(String fileName, String text, String rel, DependencyCollector into) {
        into.source(rel);
        Map<String, String> byName = new LinkedHashMap<>();
        List<String[]> entries = new ArrayList<>();
        for (String body : Toml.packages(text)) {
            String name = Toml.string(body, "name");
            String version = Toml.string(body, "version");
            if (name == null || version == null) continue;
            String purl = DependencyCollector.purl("cargo", null, name, version, Map.of());
            byName.putIfAbsent(name, purl);
            byName.put(name + " " + version, purl);
            entries.add(new String[] {name, version, purl, body});
        }
        for (String[] e : entries) {
            String body = e[3];
            String checksum = Toml.string(body, "checksum");
            into.add(new Package(
                    "crates.io",
                    e[0],
                    e[1],
                    e[2],
                    checksum == null ? Map.of() : Map.of("SHA-256", checksum),
                    List.of(),
                    false,
                    dependencies(body, byName),
                    rel));
            if (Toml.string(body, "source") == null) into.direct(e[2]);
        }
    }

    private static List<String> dependencies(String body, Map<String, String> byName) {
        List<String> deps = new ArrayList<>();
        Matcher d = DEPENDENCIES.matcher(body);
        if (d.find()) {
            Matcher s = QUOTED.matcher(d.group(1));
            while (s.find()) {
                String target = byName.get(s.group(1).replaceAll(" \\(.*\\)$", ""));
                if (target != null) deps.add(target);
            }
        }
        return deps;
    }

    /** {@code cargo test} output lines ({@code test a::b ... ok|FAILED|ignored}) as one suite. */
    @Override
    public List<TestReport.Suite> testReportsInLog(String checkName, String log) {
        List<TestReport.Case> cases = new ArrayList<>();
        for (String line : log.split("\n")) {
            Matcher m = RESULT.matcher(line.strip());
            if (!m.matches()) continue;
            String status = switch (m.group(2)) {
                case "FAILED" -> "failed";
                case "ignored" -> "skipped";
                default -> "passed";
            };
            String message = status.equals("failed") ? panicMessage(log, m.group(1)) : null;
            cases.add(new TestReport.Case(m.group(1), null, status, message, null, null, null));
        }
        return cases.isEmpty() ? List.of() : List.of(new TestReport.Suite(checkName, null, cases));
    }

    private static String panicMessage(String log, String test) {
        Matcher m = Pattern.compile("---- " + Pattern.quote(test)
                        + " stdout ----\\s*\\n(?:thread '[^']*' panicked at )?" + "([^\\n]*)(?:\\n([^\\n]*))?")
                .matcher(log);
        if (!m.find()) return "failed";
        return (m.group(2) != null && !m.group(2).isBlank() ? m.group(2).strip() + " at " : "")
                + m.group(1).strip();
    }
}
