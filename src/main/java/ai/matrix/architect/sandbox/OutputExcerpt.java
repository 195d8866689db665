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
 */
public final class OutputExcerpt implements Consumer<String> {
    private static final Pattern ERROR_LINE = Pattern.compile(
            "(?i)(\\berror\\b|\\bfatal\\b|\\bfailed\\b|\\bfailure\\b|exception\\b|not found|no such file"
                    + "|cannot |permission denied|\\bFAIL\\b|traceback)");
    private static final int MAX_LINE = 300;

    private final int lastLines;
    private final Deque<String> tail = new ArrayDeque<>();
    private String firstError;
    private long seen;
    private long firstErrorAt = -1;

    public OutputExcerpt(int lastLines) {
        this.lastLines = lastLines;
    }

    @Override
    public synchronized void accept(String line) {
        if (line == null || line.isBlank() || line.startsWith("[matrix-architect]")) return;
        String shown = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line.stripTrailing();
        if (firstError == null && ERROR_LINE.matcher(line).find()) {
            firstError = shown;
            firstErrorAt = seen;
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
