package ai.matrix.architect.ecosystem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a failing test failed: {@code path:line} relative to the work tree, found in its report's stack trace. */
final class Locations {
    private static final Pattern SOURCE = Pattern.compile(
            "(?:file://)?((?:/workspace/)?[\\w.@/+-]*?[\\w@+-]+\\.(?:java|kt|groovy|scala|js|mjs|cjs|ts|tsx|jsx|py|go|rs|rb))"
                    + "[:\"]\\s*(?:line\\s*)?(\\d+)");
    private static final List<String> JAVA_ROOTS =
            List.of("src/test/java/", "src/it/java/", "src/main/java/", "src/test/kotlin/", "");

    private Locations() {}

    static String of(String file, String classname, String detail, Path root) {
        if (detail == null) return file;
        if (classname != null && classname.contains(".")) {
            Matcher m = Pattern.compile(
                            "at " + Pattern.quote(classname) + "\\.[\\w$<>]+\\((\\w+\\.(?:java|kt)):(\\d+)\\)")
                    .matcher(detail);
            if (m.find()) {
                String pkg = classname.substring(0, classname.lastIndexOf('.')).replace('.', '/') + "/";
                for (String r : JAVA_ROOTS) {
                    String candidate = r + pkg + m.group(1);
                    if (Files.isRegularFile(root.resolve(candidate))) return candidate + ":" + m.group(2);
                }
                return (file != null ? file : m.group(1)) + ":" + m.group(2);
            }
        }
        Matcher m = SOURCE.matcher(detail);
        String first = null;
        while (m.find()) {
            String path = m.group(1);
            if (path.startsWith("/workspace/")) path = path.substring("/workspace/".length());
            if (path.startsWith(root.toString() + "/"))
                path = path.substring(root.toString().length() + 1);
            if (path.contains("node_modules/") || path.startsWith("/") || path.startsWith("node:")) continue;
            String loc = path + ":" + m.group(2);
            if (Files.isRegularFile(root.resolve(path))) return loc;
            if (first == null) first = loc;
        }
        return file != null ? file : first;
    }
}
