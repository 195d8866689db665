package ai.matrix.architect.engine;

import ai.matrix.architect.job.FieldError;
import java.util.List;

/**
 * The length limits of a job request's text fields (docs/API.md lists them). Commands are the tight ones: each
 * reaches the sandbox as one argument of {@code sh -c}, and Linux refuses a single argument over 128 KiB
 * ("Argument list too long") and the whole argument list and environment over about 2 MiB; refusing a longer
 * command at the door is better than failing VERIFY with that sentence minutes later.
 */
public final class TextLimits {
    public static final int MAX_COMMAND = 16 * 1024;
    public static final int MAX_COMMANDS_TOTAL = 64 * 1024;
    public static final int MAX_COMMANDS = 100;
    public static final int MAX_NAME = 255;
    public static final int MAX_URL = 2048;
    public static final int MAX_SENTENCE = 4000;
    public static final int MAX_STEPS = 200;
    public static final int MAX_OPS = 1000;

    private TextLimits() {}

    /** Adds an error when {@code value} is longer than {@code max} characters. */
    public static void atMost(String value, int max, String field, List<FieldError> errors) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters (it has " + value.length() + ")"));
        }
    }

    /** A list of shell commands: none empty, each and all together within the limits. */
    public static void commands(List<String> commands, String field, List<FieldError> errors) {
        if (commands == null) return;
        if (commands.size() > MAX_COMMANDS) {
            errors.add(new FieldError(field, "must hold at most " + MAX_COMMANDS + " commands"));
            return;
        }
        long total = 0;
        for (int i = 0; i < commands.size(); i++) {
            String c = commands.get(i);
            if (c == null || c.isBlank()) {
                errors.add(new FieldError(field + "[" + i + "]", "must not be empty"));
                continue;
            }
            atMost(c, MAX_COMMAND, field + "[" + i + "]", errors);
            total += c.length();
        }
        if (total > MAX_COMMANDS_TOTAL) {
            errors.add(new FieldError(
                    field, "must be at most " + MAX_COMMANDS_TOTAL + " characters in total (they have " + total + ")"));
        }
    }
}
