package ai.matrix.architect.verify.truth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What makes two JUnit-style results the same test: the class (the suite when a reporter writes no class) and
 * the name. TestNG's default listeners write JUnit copies of every result next to Surefire's
 * (surefire-reports/TEST-*.xml, junitreports/TEST-*.xml, and per-suite XML), so a report directory holds each
 * case two or three times; {@link #distinct} keeps one.
 */
public record TestCaseKey(String owner, String name) {
    /** The key of a case: its class when it has one, else its suite. */
    public static TestCaseKey of(String suite, String classname, String name) {
        String owner =
                classname == null || classname.isBlank() ? (suite == null ? "" : suite.strip()) : classname.strip();
        return new TestCaseKey(owner, name == null ? "" : name.strip());
    }

    /**
     * Each case once. A key that repeats within one file is kept as often as it repeats there (data-driven tests
     * run one method several times); across files the copy with the most cases is kept, and of equal copies the
     * one with the worst outcome, so a failure written in any copy is never lost.
     *
     * @param items the cases of every report file, in the order they were read
     * @param file the report file a case was read from
     * @param key the case's key, usually {@link #of}
     * @param status passed, failed, error or skipped
     */
    public static <T> List<T> distinct(
            List<T> items, Function<T, String> file, Function<T, TestCaseKey> key, Function<T, String> status) {
        Map<TestCaseKey, Map<String, List<T>>> byKey = new LinkedHashMap<>();
        for (T item : items) {
            byKey.computeIfAbsent(key.apply(item), k -> new LinkedHashMap<>())
                    .computeIfAbsent(file.apply(item), f -> new ArrayList<>())
                    .add(item);
        }
        List<T> out = new ArrayList<>();
        for (Map<String, List<T>> copies : byKey.values()) {
            List<T> best = null;
            for (List<T> copy : copies.values()) {
                if (best == null
                        || copy.size() > best.size()
                        || (copy.size() == best.size() && severity(copy, status) > severity(best, status))) best = copy;
            }
            out.addAll(best);
        }
        return out;
    }

    private static <T> int severity(List<T> copy, Function<T, String> status) {
        int worst = 0;
        for (T t : copy) {
            int s = switch (String.valueOf(status.apply(t)).toLowerCase(Locale.ROOT)) {
                case "failed", "failure", "error" -> 2;
                case "skipped" -> 1;
                default -> 0;
            };
            worst = Math.max(worst, s);
        }
        return worst;
    }
}
