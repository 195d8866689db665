package ai.matrix.architect.verify;

import java.util.List;

/** Test results across ecosystems: suites of cases, failures with message and location. */
public record TestReport(int passed, int failed, int skipped, List<Suite> suites) {
    public record Suite(String name, String file, List<Case> cases) {}

    public record Case(
            String name, String classname, String status, String message, String detail, String file, Double time) {}

    public int total() {
        return passed + failed + skipped;
    }
}
