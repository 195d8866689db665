package ai.matrix.architect.verify.truth;

import ai.matrix.architect.verify.truth.RunnerSummaries.FailedTest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the failed tests in a runner's output, where it lists them: unittest's {@code FAIL:}/{@code ERROR:}
 * headers, pytest's short test summary, ctest's "The following tests FAILED" list.
 */
final class FailureNames {
    private static final Pattern UNITTEST_FAILED = Pattern.compile("^(?:FAIL|ERROR): (\\S+) \\((\\S+)\\)");
    private static final Pattern PYTEST_FAILED = Pattern.compile("^(?:FAILED|ERROR) (\\S+?)(?: - .*)?$");
    private static final Pattern CTEST_FAILED_HEADER = Pattern.compile("^The following tests FAILED:\\s*$");
    private static final Pattern CTEST_FAILED = Pattern.compile(
            "^\\s*\\d+ - (\\S+) \\((?:Failed|Timeout|SEGFAULT|Subprocess aborted|Exception|Not Run)\\)");

    private FailureNames() {}

    /** The failed tests the chosen runner's output names, in order, each once; empty when it names none. */
    static List<FailedTest> of(String runner, List<String> lines) {
        LinkedHashSet<FailedTest> out = new java.util.LinkedHashSet<>();
        boolean ctestList = false;
        for (String raw : lines) {
            String l = raw.strip();
            switch (runner) {
                case "unittest" -> {
                    Matcher m = UNITTEST_FAILED.matcher(l);
                    if (m.find()) {
                        // Python 3.11+ writes "test_x (module.Class.test_x)", older ones "test_x (module.Class)"
                        String owner = m.group(2);
                        if (owner.endsWith("." + m.group(1)))
                            owner = owner.substring(
                                    0, owner.length() - m.group(1).length() - 1);
                        out.add(new FailedTest(owner, m.group(1)));
                    }
                }
                case "pytest" -> {
                    Matcher m = PYTEST_FAILED.matcher(l);
                    if (m.matches() && m.group(1).contains("::")) {
                        int at = m.group(1).lastIndexOf("::");
                        out.add(new FailedTest(
                                m.group(1).substring(0, at), m.group(1).substring(at + 2)));
                    }
                }
                case "ctest" -> {
                    if (CTEST_FAILED_HEADER.matcher(l).matches()) {
                        ctestList = true;
                        continue;
                    }
                    Matcher m = CTEST_FAILED.matcher(raw);
                    if (ctestList && m.find()) out.add(new FailedTest("ctest", m.group(1)));
                    else if (ctestList && !l.isEmpty()) ctestList = false;
                }
                default -> {
                    return List.of();
                }
            }
        }
        return List.copyOf(out);
    }
}
