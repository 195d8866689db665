package ai.matrix.architect.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test results of tools that write no JUnit XML, turned into the same {@link TestReport} suites. */
final class ToolReports {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CARGO = Pattern.compile("^test (\\S+) \\.\\.\\. (ok|FAILED|ignored)\\b.*$");
    private static final int MAX_DETAIL = 4000;

    private ToolReports() {}

    /** {@code go test -json} events: one suite per package, one case per test; output kept for failures. */
    static List<TestReport.Suite> goTestJson(Path file, Path root) throws IOException {
        Map<String, Map<String, String[]>> packages = new LinkedHashMap<>();
        Map<String, StringBuilder> output = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("{")) continue;
                JsonNode e;
                try {
                    e = JSON.readTree(line);
                } catch (RuntimeException ex) {
                    continue;
                }
                String pkg = e.path("Package").asString("");
                String test = e.path("Test").asString("");
                if (test.isEmpty()) continue;
                String key = pkg + "\u0000" + test;
                switch (e.path("Action").asString("")) {
                    case "output" -> {
                        StringBuilder b = output.computeIfAbsent(key, k -> new StringBuilder());
                        if (b.length() < MAX_DETAIL) b.append(e.path("Output").asString(""));
                    }
                    case "pass", "fail", "skip" ->
                        packages.computeIfAbsent(pkg, k -> new LinkedHashMap<>())
                                .put(test, new String[] {
                                    e.path("Action").asString(),
                                    e.path("Elapsed").asString("")
                                });
                    default -> {}
                }
            }
        }
        List<TestReport.Suite> suites = new ArrayList<>();
        String rel = root.relativize(file).toString();
        for (var p : packages.entrySet()) {
            List<TestReport.Case> cases = new ArrayList<>();
            for (var t : p.getValue().entrySet()) {
                String action = t.getValue()[0];
                String status = switch (action) {
                    case "fail" -> "failed";
                    case "skip" -> "skipped";
                    default -> "passed";
                };
                String out = output.getOrDefault(p.getKey() + "\u0000" + t.getKey(), new StringBuilder())
                        .toString();
                String message = null;
                String detail = null;
                String where = null;
                if (status.equals("failed")) {
                    detail = out.strip();
                    Matcher m = Pattern.compile("\\s*(\\S+\\.go:\\d+): (.*)").matcher(detail);
                    if (m.find()) {
                        message = m.group(2);
                        where = m.group(1);
                    } else {
                        message = "failed";
                    }
                }
                Double seconds = null;
                try {
                    seconds = Double.parseDouble(t.getValue()[1]);
                } catch (NumberFormatException ignored) {
                    // Elapsed is optional
                }
                cases.add(new TestReport.Case(t.getKey(), p.getKey(), status, message, detail, where, seconds));
            }
            suites.add(new TestReport.Suite(p.getKey(), rel, cases));
        }
        return suites;
    }

    /** {@code cargo test} output lines ({@code test a::b ... ok|FAILED|ignored}) as one suite. */
    static List<TestReport.Suite> cargoLog(String log, String checkName) {
        List<TestReport.Case> cases = new ArrayList<>();
        for (String line : log.split("\n")) {
            Matcher m = CARGO.matcher(line.strip());
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

    static TestReport merge(List<TestReport.Suite> suites) {
        return TestReport.of(suites);
    }
}
