package ai.matrix.architect.verify.truth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little of TOML this package needs from pyproject.toml: one table's text, and a key's string or array of
 * strings. Not a TOML parser; values it cannot read are treated as absent.
 */
final class TomlValues {
    private static final Pattern HEADER = Pattern.compile("(?m)^\\s*\\[{1,2}\\s*([^\\]]+?)\\s*]{1,2}\\s*(?:#.*)?$");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'");

    private TomlValues() {}

    /** The text of the table named {@code name}, up to the next table header. */
    static Optional<String> section(String toml, String name) {
        Matcher m = HEADER.matcher(toml);
        while (m.find()) {
            if (!m.group(1).equals(name)) continue;
            int start = m.end();
            Matcher next = HEADER.matcher(toml);
            int end = next.find(start) ? next.start() : toml.length();
            return Optional.of(toml.substring(start, end));
        }
        return Optional.empty();
    }

    /** {@code key = "a b"} → [a b]; {@code key = ["a", 'b']} (over several lines too) → [a, b]. */
    static List<String> strings(String section, String key) {
        Matcher m =
                Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*=\\s*").matcher(section);
        if (!m.find()) return List.of();
        String rest = section.substring(m.end());
        String value;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            value = close < 0 ? rest : rest.substring(0, close);
        } else {
            int eol = rest.indexOf('\n');
            value = eol < 0 ? rest : rest.substring(0, eol);
        }
        List<String> out = new ArrayList<>();
        Matcher s = STRING.matcher(value);
        while (s.find()) out.add(s.group(1) != null ? s.group(1).replace("\\\"", "\"") : s.group(2));
        if (!rest.startsWith("[")) return out.isEmpty() ? out : List.of(out.getFirst());
        return out;
    }
}
