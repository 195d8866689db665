package ai.matrix.architect.verify.truth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sections of an INI file as Python's configparser reads tox.ini, setup.cfg and pytest.ini: keys with
 * {@code =} or {@code :}, values continued on indented lines, {@code #}/{@code ;} comment lines skipped.
 */
record IniSections(Map<String, Map<String, List<String>>> sections) {
    static IniSections parse(String text) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        List<String> value = null;
        for (String raw : text.split("\\R")) {
            String line = raw.stripTrailing();
            String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.startsWith(";")) continue;
            if (stripped.isEmpty()) continue;
            boolean continuation = Character.isWhitespace(line.charAt(0));
            if (continuation && value != null) {
                value.add(stripped);
            } else if (stripped.startsWith("[") && stripped.endsWith("]")) {
                current = sections.computeIfAbsent(
                        stripped.substring(1, stripped.length() - 1).strip(), k -> new LinkedHashMap<>());
                value = null;
            } else if (current != null) {
                int eq = firstSeparator(stripped);
                if (eq < 0) continue;
                value = new ArrayList<>();
                String first = stripped.substring(eq + 1).strip();
                if (!first.isEmpty()) value.add(first);
                current.put(stripped.substring(0, eq).strip(), value);
            }
        }
        return new IniSections(sections);
    }

    private static int firstSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) return colon;
        if (colon < 0) return eq;
        return Math.min(eq, colon);
    }

    /** The value's lines, joining lines that end in a backslash. */
    Optional<List<String>> lines(String section, String key) {
        Map<String, List<String>> s = sections.get(section);
        if (s == null || !s.containsKey(key)) return Optional.empty();
        List<String> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String l : s.get(key)) {
            if (l.endsWith("\\")) {
                pending.append(l, 0, l.length() - 1).append(' ');
                continue;
            }
            pending.append(l);
            out.add(pending.toString().strip());
            pending.setLength(0);
        }
        if (!pending.isEmpty()) out.add(pending.toString().strip());
        return Optional.of(out);
    }

    List<String> sectionNames() {
        return List.copyOf(sections.keySet());
    }
}
