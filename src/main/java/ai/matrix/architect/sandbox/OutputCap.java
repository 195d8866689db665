package ai.matrix.architect.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns a command's raw output bytes into lines for the caller, keeping at most {@code cap} bytes. Past the
 * cap one visible note is emitted and the rest is counted and dropped, so a flood costs no memory. A single
 * line is cut at 64 KiB. Not thread-safe: one writer (the thread reading the command's output).
 */
public final class OutputCap {
    static final int MAX_LINE = 64 * 1024;
    private final long cap;
    private final Consumer<String> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long seen;
    private boolean truncated;

    public OutputCap(long cap, Consumer<String> sink) {
        this.cap = cap;
        this.sink = sink;
    }

    public void accept(byte[] buf, int off, int len) {
        if (truncated) {
            seen += len;
            return;
        }
        for (int i = off; i < off + len; i++) {
            if (++seen > cap) {
                truncated = true;
                flushLine();
                sink.accept("[matrix-architect] output truncated after " + cap + " bytes; the rest was dropped");
                seen += off + len - i - 1;
                return;
            }
            byte b = buf[i];
            if (b == '\n') {
                flushLine();
            } else if (line.size() < MAX_LINE) {
                line.write(b);
            }
        }
    }

    /**
     * Ends the pending partial line, when output switches to another stream (stdout to stderr): the two are never
     * glued into one line.
     */
    public void breakLine() {
        if (!truncated) flushLine();
    }

    /** Emits a last line without a newline; call once the stream has ended. */
    public void finish() {
        if (!truncated) flushLine();
    }

    private void flushLine() {
        if (line.size() == 0) return;
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        sink.accept(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
    }

    public boolean truncated() {
        return truncated;
    }

    /** Bytes the command wrote in all, kept or not. */
    public long bytesSeen() {
        return seen;
    }
}
