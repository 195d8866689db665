package ai.matrix.architect.ecosystem;

import java.util.List;

/** Test results across ecosystems: suites of cases, failures with message and location. */
public record TestReport(int passed, int failed, int skipped, List<Suite> suites) {
    public record Suite(String name, String file, List<Case> cases) {}

    public record Case(
            String name, String classname, String status, String message, String detail, String file, Double time) {}

    /** The report of these suites, counting each case by its status. */
    public static TestReport of(List<Suite> suites) {
        int passed = 0, failed = 0, skipped = 0;
        for (Suite s : suites) {
            for (Case c : s.cases()) {
                switch (c.status()) {
                    case "failed" -> failed++;
                    case "skipped" -> skipped++;
                    default -> passed++;
                }
            }
        }
        return new TestReport(passed, failed, skipped, suites);
    }

    public int total() {
        return passed + failed + skipped;
    }
}
