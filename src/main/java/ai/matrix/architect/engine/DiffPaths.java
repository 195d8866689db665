package ai.matrix.architect.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the file paths a unified diff (git format) names in its headers, so that a patch touching paths
 * outside the repository or inside {@code .git} is refused before anything is written. Written here because
 * no maintained Java library parses git's extended headers (renames, copies, quoted paths).
 */
public final class DiffPaths {
    private DiffPaths() {}

    public static List<String> of(String diff) {
        List<String> paths = new ArrayList<>();
        for (String line : diff.split("\r?\n")) {
            if (line.startsWith("diff --git ")) {
                String rest = line.substring("diff --git ".length());
                List<String> two = splitTwo(rest);
                for (String p : two) addStripped(paths, p);
            } else if (line.startsWith("--- ") || line.startsWith("+++ ")) {
                String p = line.substring(4);
                int tab = p.indexOf('\t');
                if (tab >= 0) p = p.substring(0, tab);
                p = unquote(p.strip());
                if (!p.equals("/dev/null")) addStripped(paths, p);
            } else {
                for (String key : new String[] {"rename from ", "rename to ", "copy from ", "copy to "}) {
                    if (line.startsWith(key))
                        paths.add(unquote(line.substring(key.length()).strip()));
                }
            }
        }
        return paths;
    }

    private static void addStripped(List<String> paths, String p) {
        p = unquote(p);
        if (p.startsWith("a/") || p.startsWith("b/")) p = p.substring(2);
        paths.add(p);
    }

    private static List<String> splitTwo(String rest) {
        List<String> out = new ArrayList<>();
        if (rest.startsWith("\"")) {
            int end = closingQuote(rest);
            out.add(rest.substring(0, end + 1));
            out.add(rest.substring(end + 1).strip());
            return out;
        }
        int idx = rest.indexOf(" b/");
        if (idx < 0) idx = rest.indexOf(" \"b/");
        if (idx < 0) idx = rest.lastIndexOf(' ');
        if (idx < 0) {
            out.add(rest);
            return out;
        }
        out.add(rest.substring(0, idx));
        out.add(rest.substring(idx + 1));
        return out;
    }

    private static int closingQuote(String s) {
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) == '\\') i++;
            else if (s.charAt(i) == '"') return i;
        }
        return s.length() - 1;
    }

    /** Undoes git's C-style quoting of unusual path names. */
    static String unquote(String p) {
        if (p.length() < 2 || !p.startsWith("\"") || !p.endsWith("\"")) return p;
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < p.length() - 1; i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length() - 1) {
                char n = p.charAt(++i);
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    default -> {
                        if (n >= '0' && n <= '7' && i + 2 < p.length() - 1) {
                            sb.append((char) Integer.parseInt(p.substring(i, i + 3), 8));
                            i += 2;
                        } else {
                            sb.append(n);
                        }
                    }
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
