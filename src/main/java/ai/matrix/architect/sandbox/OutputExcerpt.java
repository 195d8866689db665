package ai.matrix.architect.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What a command's output says about why it failed, for the sentence a user reads first: the first line that
 * looks like an error and the last lines. Fed line by line as the command runs; keeps only what it will show.
 *
 * <p>A line that says what failed (a compiler's {@code file:line: error:}, a test runner's {@code FAIL}, an assertion,
 * a traceback, {@code CMake Error}) wins over one that only contains a word like "failed" or "not found" and came
 * earlier: build tools print such words while probing the machine (CMake's "-- Looking for pthread.h - not found").
 * Build-system chatter (CMake's "-- " status lines and its warnings) is never taken for the error.
 */
public final class OutputExcerpt implements Consumer<String> {
    private static final Pattern ERROR_LINE = Pattern.compile(
            "(?i)(\\berror\\b|\\bfatal\\b|\\bfailed\\b|\\bfailure\\b|exception\\b|not found|no such file"
                    + "|cannot |permission denied|\\bFAIL\\b|traceback)");
    /** Lines that name the failure itself. */
    private static final Pattern SPECIFIC_ERROR = Pattern.compile(
            "(:\\d+(:\\d+)?: (fatal )?error\\b|^\\s*(error|fatal)(\\[\\w+])?:|^\\s*FAIL(ED)?\\b|\\bnot ok\\b"
                    + "|\\bAssertionError\\b|^Traceback|^CMake Error|^\\s*E\\s{2,}|\\berror TS\\d+"
                    + "|^\\[ERROR] (Failed to execute goal|\\S+:\\[\\d+,\\d+]))");
    /** CMake's status and warning lines, and the probes build tools print while configuring. */
    private static final Pattern CHATTER = Pattern.compile(
            "^(-- |CMake (Deprecation )?Warning|\\s*(Performing Test|Looking for|Checking for|checking for) )");

    /**
     * Lines that say nothing about this failure, never shown: Maven's closing help text, the egress proxy's log of
     * requests it allowed (a denied one is kept), and lines holding only terminal colour codes.
     */
    private static final Pattern BOILERPLATE =
            Pattern.compile("^\\[ERROR]\\s*$|^\\[ERROR] (-> \\[Help \\d+]|To see the full"
                    + " stack trace|Re-run Maven using|For more information about the errors|\\[Help \\d+] http)"
                    + "|^\\[egress] .* allowed$|^(\\u001B?\\[[0-9;]*m)+\\s*$");

    private static final int MAX_LINE = 300;

    private final int lastLines;
    private final Deque<String> tail = new ArrayDeque<>();
    private String firstError;
    private boolean firstIsSpecific;
    private long seen;
    private long firstErrorAt = -1;

    public OutputExcerpt(int lastLines) {
        this.lastLines = lastLines;
    }

    @Override
    public synchronized void accept(String line) {
        if (line == null
                || line.isBlank()
                || line.startsWith("[matrix-architect]")
                || BOILERPLATE.matcher(line).find()) return;
        String shown = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line.stripTrailing();
        if (!firstIsSpecific && !CHATTER.matcher(line).find()) {
            boolean specific = SPECIFIC_ERROR.matcher(line).find();
            if (specific || (firstError == null && ERROR_LINE.matcher(line).find())) {
                firstError = shown;
                firstErrorAt = seen;
                firstIsSpecific = specific;
            }
        }
        tail.addLast(shown);
        if (tail.size() > lastLines) tail.removeFirst();
        seen++;
    }

    /** The lines to show: the first error line (when the tail does not hold it), then the last lines. */
    public synchronized List<String> lines() {
        List<String> out = new ArrayList<>();
        if (firstError != null && firstErrorAt < seen - tail.size()) {
            out.add(firstError);
            out.add("…");
        }
        out.addAll(tail);
        return out;
    }

    /** "; its output ends with:" and the lines indented, or "" when the command printed nothing. */
    public String asSuffix() {
        List<String> lines = lines();
        if (lines.isEmpty()) return "; it printed nothing";
        return "; its output ends with:\n  " + String.join("\n  ", lines);
    }
}
