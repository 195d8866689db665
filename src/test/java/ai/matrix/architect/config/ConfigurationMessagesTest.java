package ai.matrix.architect.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * People configure the product with environment variables (ARCHITECT_PLANNER_PROVIDER), not Spring properties
 * (architect.planner.provider). Every message in the sources that names an {@code architect.*} property names its
 * variable too, next to it: "ARCHITECT_PLANNER_MODEL (architect.planner.model) is not set".
 */
class ConfigurationMessagesTest {
    /** A Java string literal on one line (text blocks are templates and prompts, not messages). */
    static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    /** A property name: not part of a package (ai.matrix.architect), a file (.matrix-architect.yml) or a URL. */
    static final Pattern PROPERTY = Pattern.compile("(?<![\\w.\\-/@{$])architect\\.[a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)*");

    /** The statement around a position: its message may be split over several literals joined by "+". */
    static String statement(String text, int at) {
        int start = Math.max(text.lastIndexOf(';', at), Math.max(text.lastIndexOf('{', at), text.lastIndexOf('}', at)));
        int end = text.indexOf(';', at);
        return text.substring(start + 1, end < 0 ? text.length() : end);
    }

    static String variableOf(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every "file:line property" whose message does not name the variable. */
    static List<String> violations(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path f : files) {
            String text = Files.readString(f);
            Matcher lit = LITERAL.matcher(text);
            while (lit.find()) {
                String literal = lit.group(1);
                // a literal without a blank is a key (a property set, a metric's name), not a sentence
                if (!literal.contains(" ")) continue;
                Matcher prop = PROPERTY.matcher(literal);
                while (prop.find()) {
                    int at = lit.start(1) + prop.start();
                    String variable = variableOf(prop.group());
                    if (!literal.contains(variable) && !statement(text, at).contains(variable)) {
                        long line = text.substring(0, at)
                                        .chars()
                                        .filter(c -> c == '\n')
                                        .count()
                                + 1;
                        out.add(root.relativize(f) + ":" + line + " " + prop.group());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyMessageNamingAPropertyNamesItsEnvironmentVariable() throws IOException {
        assertThat(violations(Path.of("src/main/java")))
                .as("messages naming a property without its variable (write \"ARCHITECT_X_Y (architect.x.y)\")")
                .isEmpty();
    }

    @Test
    void theScanFindsAPropertyWithoutItsVariable(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("A.java"), """
                class A {
                    String bad = "set architect.planner.model to a model";
                    String good = "set ARCHITECT_PLANNER_MODEL (architect.planner.model) to a model";
                    String key = "architect.mode";
                    String pkg = "see ai.matrix.architect.plan and .matrix-architect.yml";
                }
                """);
        assertThat(violations(dir)).containsExactly("A.java:2 architect.planner.model");
    }
}
