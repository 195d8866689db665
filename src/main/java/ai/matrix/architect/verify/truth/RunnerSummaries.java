package ai.matrix.architect.verify.truth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test counts read from the summary lines a runner prints, for runs that wrote no structured report (uvu,
 * mocha's spec reporter, tape, ctest, a Makefile printing its own totals, …). Such counts are marked
 * {@value #SOURCE}: they are as good as the runner's own words, no better.
 *
 * <p>Understood: TAP (plan, {@code ok}/{@code not ok}, {@code # SKIP}/{@code # TODO}, the {@code # tests/# pass/
 * # fail} footers of tape, node-tap and node:test), prove, uvu, mocha spec, python unittest, pytest, ctest, jest,
 * go test (text), cargo, and a generic "N tests, M failures" or "PASSED: N FAILED: M" line. Several summaries of
 * one runner are summed (go packages, cargo test binaries, a Makefile running unittest per package). When more
 * than one runner's summary appears, the outermost one in {@link #ORDER} is used (ctest's total already includes
 * the TAP its test programs printed) and the others are named in the source.
 */
public final class RunnerSummaries {
    public static final String SOURCE = "counted from the runner's summary";

    /**
     * Test counts of one run; {@code total} is passed + failed + skipped + errors. {@code failures} names the failed
     * tests where the runner's output lists them (unittest's {@code FAIL:} headers, pytest's short summary, ctest's
     * "The following tests FAILED"), so that a failure can be compared with the base commit's by name.
     */
    public record Counts(
            int passed,
            int failed,
            int skipped,
            int errors,
            int total,
            String runner,
            String source,
            List<FailedTest> failures) {
        public Counts {
            failures = List.copyOf(failures);
        }

        static Counts of(int passed, int failed, int skipped, int errors, String runner) {
            return new Counts(
                    passed, failed, skipped, errors, passed + failed + skipped + errors, runner, SOURCE, List.of());
        }

        Counts withFailures(List<FailedTest> named) {
            return new Counts(passed, failed, skipped, errors, total, runner, source, named);
        }

        Counts plus(Counts o) {
            return of(passed + o.passed, failed + o.failed, skipped + o.skipped, errors + o.errors, runner);
        }

        /** Failed or errored tests: the run did not pass. */
        public boolean anyFailed() {
            return failed + errors > 0;
        }
    }

    /** Outermost first: a runner that runs others reports the whole run. */
    static final List<String> ORDER =
            List.of("ctest", "prove", "jest", "pytest", "cargo", "go test", "unittest", "mocha", "uvu", "tap", "make");

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B[@-Z\\\\-_]");
    private static final Pattern CTEST =
            Pattern.compile("^\\s*\\d+% tests passed,\\s*(\\d+) tests? failed out of (\\d+)");
    private static final Pattern CTEST_SKIPPED = Pattern.compile("^\\s*\\d+ - .+\\((?:Skipped|Disabled)\\)\\s*$");
    private static final Pattern PROVE_FILES = Pattern.compile("^Files=\\d+, Tests=(\\d+),");
    private static final Pattern PROVE_FAILED = Pattern.compile("^\\S.*?\\s+\\(Wstat: .*Tests: \\d+ Failed: (\\d+)\\)");
    private static final Pattern JEST = Pattern.compile("^Tests:\\s+(.*\\d+ total)\\s*$");
    private static final Pattern PYTEST = Pattern.compile(
            "^=+ (.*?(?:passed|failed|error|errors|skipped|xfailed|xpassed|deselected|warnings?|no tests ran).*?)"
                    + " in [\\d.]+s(?: \\([^)]*\\))? =+$");
    private static final Pattern CARGO =
            Pattern.compile("^test result: (?:ok|FAILED)\\. (\\d+) passed; (\\d+) failed; (\\d+) ignored;");
    private static final Pattern GO_PACKAGE =
            Pattern.compile("^(ok|FAIL)\\s+\\S+\\s+(?:[\\d.]+s|\\(cached\\))(?:\\s.*)?$");
    private static final Pattern GO_TEST = Pattern.compile("^--- (PASS|FAIL|SKIP): \\S+");
    private static final Pattern UNITTEST_RAN = Pattern.compile("^Ran (\\d+) tests? in [\\d.]+s");
    private static final Pattern UNITTEST_RESULT = Pattern.compile("^(OK|FAILED)(?: \\((.*)\\))?\\s*$");
    private static final Pattern MOCHA =
            Pattern.compile("^\\s*(\\d+) (passing|failing|pending)(?: \\(\\d+m?s\\))?\\s*$");
    private static final Pattern UVU_FIELD = Pattern.compile("(Total|Passed|Skipped):\\s+(\\d+)");
    private static final Pattern TAP_LINE = Pattern.compile("^(not )?ok\\b(?: (\\d+))?(.*)$");
    private static final Pattern TAP_PLAN = Pattern.compile("^1\\.\\.(\\d+)(?:\\s*#.*)?$");
    private static final Pattern TAP_FOOTER =
            Pattern.compile("^# (tests|pass|fail|skip|skipped|todo|cancelled) +(\\d+)\\s*$");
    private static final Pattern DIRECTIVE = Pattern.compile("(?i)#\\s*(SKIP|TODO)\\b");
    private static final Pattern MAKE_TESTS_FAILURES =
            Pattern.compile("(?i)\\b(\\d+) tests?,\\s*(\\d+) failures?(?:,\\s*(\\d+) errors?)?");
    private static final Pattern MAKE_PASSED_FAILED =
            Pattern.compile("(?i)\\bPASS(?:ED)?:\\s*(\\d+)\\b.*?\\bFAIL(?:ED)?:\\s*(\\d+)");
    private static final Pattern COUNT_WORD = Pattern.compile("(\\d+) ([a-z]+(?: [a-z]+)?)");

    /** A failed test named by a runner's output: its class (module, suite) and name. */
    public record FailedTest(String classname, String name) {}

    private RunnerSummaries() {}

    /** The counts the output's summary lines give, or empty when no runner summary is recognised. */
    public static Optional<Counts> parse(List<String> lines) {
        List<String> clean = new ArrayList<>(lines.size());
        for (String l : lines)
            clean.add(l == null ? "" : ANSI.matcher(l).replaceAll("").replace("\r", ""));
        Map<String, Counts> found = new LinkedHashMap<>();
        ctest(clean).ifPresent(c -> found.put("ctest", c));
        prove(clean).ifPresent(c -> found.put("prove", c));
        jest(clean).ifPresent(c -> found.put("jest", c));
        pytest(clean).ifPresent(c -> found.put("pytest", c));
        cargo(clean).ifPresent(c -> found.put("cargo", c));
        go(clean).ifPresent(c -> found.put("go test", c));
        unittest(clean).ifPresent(c -> found.put("unittest", c));
        mocha(clean).ifPresent(c -> found.put("mocha", c));
        uvu(clean).ifPresent(c -> found.put("uvu", c));
        tap(clean).ifPresent(c -> found.put("tap", c));
        make(clean).ifPresent(c -> found.put("make", c));
        for (String runner : ORDER) {
            Counts c = found.get(runner);
            if (c == null) continue;
            List<String> others =
                    found.keySet().stream().filter(r -> !r.equals(runner)).toList();
            String source = others.isEmpty() ? SOURCE : SOURCE + " (also seen: " + String.join(", ", others) + ")";
            List<FailedTest> named = c.anyFailed() ? FailureNames.of(runner, clean) : List.of();
            return Optional.of(new Counts(c.passed, c.failed, c.skipped, c.errors, c.total, c.runner, source, named));
        }
        return Optional.empty();
    }

    private static Optional<Counts> ctest(List<String> lines) {
        Counts sum = null;
        int skipped = 0;
        for (String l : lines) {
            Matcher m = CTEST.matcher(l);
            if (m.find()) {
                int failed = Integer.parseInt(m.group(1));
                int total = Integer.parseInt(m.group(2));
                sum = add(sum, Counts.of(total - failed, failed, 0, 0, "ctest"));
            } else if (sum != null && CTEST_SKIPPED.matcher(l).matches()) {
                skipped++;
            }
        }
        if (sum == null) return Optional.empty();
        // ctest counts a skipped test among the passed ones, then lists it under "did not run"
        int moved = Math.min(skipped, sum.passed);
        return Optional.of(Counts.of(sum.passed - moved, sum.failed, moved, 0, "ctest"));
    }

    private static Optional<Counts> prove(List<String> lines) {
        int tests = -1;
        int failed = 0;
        for (String l : lines) {
            Matcher m = PROVE_FILES.matcher(l);
            if (m.find()) tests = Math.max(0, tests) + Integer.parseInt(m.group(1));
            Matcher f = PROVE_FAILED.matcher(l);
            if (f.find()) failed += Integer.parseInt(f.group(1));
        }
        if (tests < 0) return Optional.empty();
        return Optional.of(Counts.of(Math.max(0, tests - failed), failed, 0, 0, "prove"));
    }

    private static Optional<Counts> jest(List<String> lines) {
        Counts sum = null;
        for (String l : lines) {
            Matcher m = JEST.matcher(l.strip());
            if (!m.find()) continue;
            Map<String, Integer> n = counts(m.group(1));
            int skipped = n.getOrDefault("skipped", 0) + n.getOrDefault("todo", 0);
            sum = add(sum, Counts.of(n.getOrDefault("passed", 0), n.getOrDefault("failed", 0), skipped, 0, "jest"));
        }
        return Optional.ofNullable(sum);
    }

    private static Optional<Counts> pytest(List<String> lines) {
        Counts sum = null;
        for (String l : lines) {
            Matcher m = PYTEST.matcher(l.strip());
            if (!m.find()) continue;
            Map<String, Integer> n = counts(m.group(1));
            int passed = n.getOrDefault("passed", 0) + n.getOrDefault("xpassed", 0);
            int skipped = n.getOrDefault("skipped", 0) + n.getOrDefault("xfailed", 0);
            int errors = n.getOrDefault("error", 0) + n.getOrDefault("errors", 0);
            sum = add(sum, Counts.of(passed, n.getOrDefault("failed", 0), skipped, errors, "pytest"));
        }
        return Optional.ofNullable(sum);
    }

    private static Optional<Counts> cargo(List<String> lines) {
        Counts sum = null;
        for (String l : lines) {
            Matcher m = CARGO.matcher(l.strip());
            if (m.find())
                sum = add(
                        sum,
                        Counts.of(
                                Integer.parseInt(m.group(1)),
                                Integer.parseInt(m.group(2)),
                                Integer.parseInt(m.group(3)),
                                0,
                                "cargo"));
        }
        return Optional.ofNullable(sum);
    }

    /**
     * With {@code -v} every test has a {@code --- PASS/FAIL/SKIP} line and those are counted; without it only
     * failures are named, so each passing package counts as one passed test and the runner says so.
     */
    private static Optional<Counts> go(List<String> lines) {
        int okPackages = 0, failPackages = 0, pass = 0, fail = 0, skip = 0;
        for (String l : lines) {
            Matcher p = GO_PACKAGE.matcher(l);
            if (p.matches()) {
                if (p.group(1).equals("ok")) okPackages++;
                else failPackages++;
                continue;
            }
            Matcher t = GO_TEST.matcher(l); // top-level tests only: a failed subtest fails its parent too
            if (t.find()) {
                switch (t.group(1)) {
                    case "PASS" -> pass++;
                    case "FAIL" -> fail++;
                    default -> skip++;
                }
            }
        }
        if (okPackages + failPackages == 0) return Optional.empty();
        if (pass > 0) return Optional.of(Counts.of(pass, fail, skip, 0, "go test"));
        int failed = Math.max(fail, failPackages);
        return Optional.of(Counts.of(okPackages, failed, skip, 0, "go test (a passing package counts as one)"));
    }

    private static Optional<Counts> unittest(List<String> lines) {
        Counts sum = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher ran = UNITTEST_RAN.matcher(lines.get(i).strip());
            if (!ran.find()) continue;
            int total = Integer.parseInt(ran.group(1));
            for (int j = i + 1; j < Math.min(lines.size(), i + 4); j++) {
                Matcher r = UNITTEST_RESULT.matcher(lines.get(j).strip());
                if (!r.matches()) continue;
                Map<String, Integer> n = new LinkedHashMap<>();
                if (r.group(2) != null) {
                    for (String part : r.group(2).split(",")) {
                        String[] kv = part.strip().split("=");
                        if (kv.length == 2 && kv[1].strip().matches("\\d+"))
                            n.put(kv[0].strip(), Integer.parseInt(kv[1].strip()));
                    }
                }
                int failed = n.getOrDefault("failures", 0) + n.getOrDefault("unexpected successes", 0);
                int errors = n.getOrDefault("errors", 0);
                int skipped = n.getOrDefault("skipped", 0) + n.getOrDefault("expected failures", 0);
                int passed = Math.max(0, total - failed - errors - skipped);
                sum = add(sum, Counts.of(passed, failed, skipped, errors, "unittest"));
                break;
            }
        }
        return Optional.ofNullable(sum);
    }

    private static Optional<Counts> mocha(List<String> lines) {
        int passing = 0, failing = 0, pending = 0;
        boolean seen = false;
        for (String l : lines) {
            Matcher m = MOCHA.matcher(l);
            if (!m.matches()) continue;
            int n = Integer.parseInt(m.group(1));
            switch (m.group(2)) {
                case "passing" -> {
                    passing += n;
                    seen = true;
                }
                case "failing" -> failing += n;
                default -> pending += n;
            }
        }
        return seen ? Optional.of(Counts.of(passing, failing, pending, 0, "mocha")) : Optional.empty();
    }

    /** uvu prints Total (tests run), Passed and Skipped, on one line or one per line; failed = total - passed. */
    private static Optional<Counts> uvu(List<String> lines) {
        Counts sum = null;
        Map<String, Integer> pending = new LinkedHashMap<>();
        for (String l : lines) {
            String s = l.strip();
            if (!(s.startsWith("Total:") || s.startsWith("Passed:") || s.startsWith("Skipped:"))) continue;
            Matcher m = UVU_FIELD.matcher(s);
            while (m.find()) {
                if (m.group(1).equals("Total") && pending.containsKey("Total")) {
                    sum = add(sum, uvuCounts(pending));
                    pending.clear();
                }
                pending.put(m.group(1), Integer.parseInt(m.group(2)));
            }
            if (pending.keySet().containsAll(List.of("Total", "Passed", "Skipped"))) {
                sum = add(sum, uvuCounts(pending));
                pending.clear();
            }
        }
        if (pending.containsKey("Total") && pending.containsKey("Passed")) sum = add(sum, uvuCounts(pending));
        return Optional.ofNullable(sum);
    }

    private static Counts uvuCounts(Map<String, Integer> n) {
        int total = n.get("Total");
        int passed = n.getOrDefault("Passed", 0);
        return Counts.of(passed, Math.max(0, total - passed), n.getOrDefault("Skipped", 0), 0, "uvu");
    }

    /**
     * TAP: the footers of tape, node-tap and node:test win when present (subtests are nested and already
     * counted there); otherwise top-level {@code ok}/{@code not ok} lines are counted, and tests a plan
     * announced but never reported count as errors. A {@code not ok … # TODO} is not a failure.
     */
    private static Optional<Counts> tap(List<String> lines) {
        Map<String, Integer> footer = new LinkedHashMap<>();
        int passed = 0, failed = 0, skipped = 0, planned = 0;
        boolean plan = false, numbered = false;
        for (String l : lines) {
            Matcher f = TAP_FOOTER.matcher(l.strip());
            if (f.matches()) {
                footer.merge(f.group(1), Integer.parseInt(f.group(2)), Integer::sum);
                continue;
            }
            Matcher p = TAP_PLAN.matcher(l);
            if (p.matches()) {
                plan = true;
                planned += Integer.parseInt(p.group(1));
                continue;
            }
            Matcher t = TAP_LINE.matcher(l);
            if (!t.matches()) continue;
            if (t.group(2) != null) numbered = true;
            else if (!t.group(3).isEmpty() && !t.group(3).startsWith(" ")) continue;
            Matcher d = DIRECTIVE.matcher(t.group(3));
            if (d.find()) skipped++;
            else if (t.group(1) != null) failed++;
            else passed++;
        }
        if (footer.containsKey("tests") && (footer.containsKey("pass") || footer.containsKey("fail"))) {
            int fpass = footer.getOrDefault("pass", 0);
            int ffail = footer.getOrDefault("fail", 0);
            int fskip =
                    footer.getOrDefault("skip", 0) + footer.getOrDefault("skipped", 0) + footer.getOrDefault("todo", 0);
            int cancelled = footer.getOrDefault("cancelled", 0);
            // tape counts a skipped test under pass and under skip; node:test does not
            int passOnly = fpass + ffail + fskip + cancelled > footer.get("tests") ? fpass - fskip : fpass;
            return Optional.of(Counts.of(Math.max(0, passOnly), ffail, fskip, cancelled, "tap"));
        }
        if (!plan && !numbered) return Optional.empty();
        int seen = passed + failed + skipped;
        if (seen == 0 && planned == 0) return Optional.empty();
        return Optional.of(Counts.of(passed, failed, skipped, Math.max(0, planned - seen), "tap"));
    }

    private static Optional<Counts> make(List<String> lines) {
        Counts sum = null;
        for (String l : lines) {
            Matcher a = MAKE_TESTS_FAILURES.matcher(l);
            if (a.find()) {
                int total = Integer.parseInt(a.group(1));
                int failed = Integer.parseInt(a.group(2));
                int errors = a.group(3) == null ? 0 : Integer.parseInt(a.group(3));
                sum = add(sum, Counts.of(Math.max(0, total - failed - errors), failed, 0, errors, "make"));
                continue;
            }
            Matcher b = MAKE_PASSED_FAILED.matcher(l);
            if (b.find())
                sum = add(sum, Counts.of(Integer.parseInt(b.group(1)), Integer.parseInt(b.group(2)), 0, 0, "make"));
        }
        return Optional.ofNullable(sum);
    }

    /** "3 failed, 10 passed, 1 skipped" → {failed=3, passed=10, skipped=1}. */
    private static Map<String, Integer> counts(String text) {
        Map<String, Integer> n = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            Matcher m = COUNT_WORD.matcher(part.strip());
            if (m.lookingAt()) n.merge(m.group(2).split(" ")[0], Integer.parseInt(m.group(1)), Integer::sum);
        }
        return n;
    }

    private static Counts add(Counts sum, Counts c) {
        return sum == null ? c : sum.plus(c);
    }
}
