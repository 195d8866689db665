package ai.matrix.architect.ecosystem;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough TOML for lockfiles: the bodies of {@code [[package]]} tables and their string keys. */
final class Toml {
    private static final Pattern PACKAGE = Pattern.compile("(?ms)^\\[\\[package]]\\s*$(.*?)(?=^\\[|\\z)");

    private Toml() {}

    /** The bodies of the {@code [[package]]} tables, in file order. */
    static List<String> packages(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PACKAGE.matcher(text);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** A {@code key = "value"} of a table body, or null. */
    static String string(String body, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "\\s*=\\s*\"([^\"]*)\"").matcher(body);
        return m.find() ? m.group(1) : null;
    }
}
