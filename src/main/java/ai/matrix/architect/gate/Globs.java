package ai.matrix.architect.gate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Path globs for policies: {@code *} and {@code ?} stay within one path segment, {@code **} crosses segments. */
final class Globs {
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private Globs() {}

    static boolean matches(String path, String glob) {
        if (CACHE.size() > 10_000) CACHE.clear();
        return CACHE.computeIfAbsent(glob, Globs::compile).matcher(path).matches();
    }

    static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                        i++;
                        re.append("(?:.*/)?"); // "**/" matches zero or more directories
                    } else {
                        re.append(".*");
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
