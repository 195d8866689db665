package ai.matrix.architect.plan;

import ai.matrix.architect.ecosystem.CheckKind;
import ai.matrix.architect.ecosystem.Ecosystems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The schema of {@code .matrix-architect.yml}, checked on the YAML node tree so that every error names its
 * line:
 *
 * <pre>
 * plan:                      # optional, the plan shape of the API
 * verify:
 *   profile: auto            # auto | none | a profile of Ecosystems (maven, gradle, npm, python, go, cargo, make)
 *   commands: [ "..." ]      # replace the profiles' checks with these commands
 *   image: "..."             # container image of every check (container sandboxes)
 *   env: { NAME: value }     # environment of every check
 *   timeout: 10m             # limit of each check: 90s, 10m, 1h or seconds
 *   checks:
 *     maven-test:            # override a profile's check by name, or add one
 *       command: "..."
 *       kind: test           # fetch | lint | build | test | scan
 *       image: "..."
 *       env: { NAME: value }
 *       timeout: 5m
 *       enabled: true
 * </pre>
 */
final class RepoConfigSchema {
    static final Set<String> PROFILES = Ecosystems.profiles("auto", "none");
    static final Set<String> KINDS = Set.copyOf(CheckKind.ids());
    private static final List<String> TOP_KEYS = List.of("plan", "verify");
    private static final List<String> VERIFY_KEYS =
            List.of("profile", "commands", "image", "env", "timeout", "checks", "secrets");
    private static final List<String> CHECK_KEYS = List.of("command", "kind", "image", "env", "timeout", "enabled");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})\\s*(ms|s|m|h)?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    record Checked(VerifySettings verify, int planLine) {}

    private RepoConfigSchema() {}

    static Checked check(Node root) throws RepoConfigException {
        MappingNode top = mapping(root, "the top level");
        Map<String, Node> keys = keys(top, "", TOP_KEYS);
        int planLine = keys.containsKey("plan") ? line(keys.get("plan")) : 0;
        if (keys.containsKey("plan") && !isNull(keys.get("plan"))) mapping(keys.get("plan"), "plan");
        VerifySettings verify = VerifySettings.none();
        Node v = keys.get("verify");
        if (v != null && !isNull(v)) verify = verify(mapping(v, "verify"));
        return new Checked(verify, planLine);
    }

    private static VerifySettings verify(MappingNode node) throws RepoConfigException {
        Map<String, Node> keys = keys(node, "verify.", VERIFY_KEYS);
        String profile = string(keys.get("profile"), "verify.profile");
        if (profile != null && !PROFILES.contains(profile)) {
            throw error(
                    keys.get("profile"),
                    "verify.profile must be one of " + sorted(PROFILES) + ", not '" + profile + "'");
        }
        Map<String, VerifySettings.Check> checks = new LinkedHashMap<>();
        Node c = keys.get("checks");
        if (c != null && !isNull(c)) {
            for (NodeTuple t : mapping(c, "verify.checks").getValue()) {
                String name = keyName(t.getKeyNode(), "verify.checks");
                if (!NAME.matcher(name).matches()) {
                    throw error(t.getKeyNode(), "check name '" + name + "' must be lower-case letters, digits, - or _");
                }
                checks.put(name, check(mapping(t.getValueNode(), "verify.checks." + name), "verify.checks." + name));
            }
        }
        return new VerifySettings(
                profile,
                strings(keys.get("commands"), "verify.commands"),
                string(keys.get("image"), "verify.image"),
                env(keys.get("env"), "verify.env"),
                duration(keys.get("timeout"), "verify.timeout"),
                checks,
                secretNames(keys.get("secrets")));
    }

    private static VerifySettings.Check check(MappingNode node, String path) throws RepoConfigException {
        Map<String, Node> keys = keys(node, path + ".", CHECK_KEYS);
        String kind = string(keys.get("kind"), path + ".kind");
        if (kind != null && !KINDS.contains(kind)) {
            throw error(keys.get("kind"), path + ".kind must be one of " + sorted(KINDS) + ", not '" + kind + "'");
        }
        Boolean enabled = null;
        Node e = keys.get("enabled");
        if (e != null && !isNull(e)) {
            if (!(e instanceof ScalarNode s) || !Tag.BOOL.equals(s.getTag())) {
                throw error(e, path + ".enabled must be true or false" + found(e));
            }
            enabled = Boolean.parseBoolean(s.getValue().toLowerCase());
        }
        return new VerifySettings.Check(
                string(keys.get("command"), path + ".command"),
                kind,
                string(keys.get("image"), path + ".image"),
                env(keys.get("env"), path + ".env"),
                duration(keys.get("timeout"), path + ".timeout"),
                enabled);
    }

    private static Map<String, Node> keys(MappingNode node, String prefix, List<String> known)
            throws RepoConfigException {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            String key = keyName(t.getKeyNode(), prefix.isEmpty() ? "the top level" : prefix);
            if (!known.contains(key)) {
                throw error(
                        t.getKeyNode(),
                        "unknown key '" + prefix + key + "' (known here: " + String.join(", ", known) + ")");
            }
            out.put(key, t.getValueNode());
        }
        return out;
    }

    private static String keyName(Node key, String where) throws RepoConfigException {
        if (!(key instanceof ScalarNode s)) throw error(key, "keys in " + where + " must be plain names");
        return s.getValue();
    }

    private static MappingNode mapping(Node node, String path) throws RepoConfigException {
        if (node instanceof MappingNode m) return m;
        throw error(node, path + " must be a mapping" + found(node));
    }

    private static String string(Node node, String path) throws RepoConfigException {
        if (node == null || isNull(node)) return null;
        if (node instanceof ScalarNode s && Tag.STR.equals(s.getTag())) return s.getValue();
        throw error(node, path + " must be a string" + found(node));
    }

    private static List<String> secretNames(Node node) throws RepoConfigException {
        List<String> names = strings(node, "verify.secrets");
        for (String n : names) {
            if (!n.matches("[A-Za-z0-9_:/#.-]{1,200}"))
                throw error(node, "verify.secrets: '" + n + "' is not a secret name");
        }
        return names;
    }

    private static List<String> strings(Node node, String path) throws RepoConfigException {
        if (node == null || isNull(node)) return List.of();
        if (!(node instanceof SequenceNode seq)) throw error(node, path + " must be a list of strings" + found(node));
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) out.add(string(item, path + "[" + out.size() + "]"));
        return out;
    }

    private static Map<String, String> env(Node node, String path) throws RepoConfigException {
        if (node == null || isNull(node)) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping(node, path).getValue()) {
            String name = keyName(t.getKeyNode(), path);
            if (!ENV_NAME.matcher(name).matches())
                throw error(t.getKeyNode(), path + ": '" + name + "' is no variable name");
            if (!(t.getValueNode() instanceof ScalarNode s) || isNull(s)) {
                throw error(
                        t.getValueNode(),
                        path + "." + name + " must be a string, number or boolean" + found(t.getValueNode()));
            }
            out.put(name, s.getValue());
        }
        return out;
    }

    private static Duration duration(Node node, String path) throws RepoConfigException {
        if (node == null || isNull(node)) return null;
        if (node instanceof ScalarNode s) {
            Matcher m = DURATION.matcher(s.getValue().strip());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
                if (d.isZero() || d.compareTo(Duration.ofHours(24)) > 0) {
                    throw error(node, path + " must be between 1 second and 24 hours");
                }
                return d;
            }
        }
        throw error(node, path + " must be a duration like 90s, 10m or 1h" + found(node));
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static String found(Node node) {
        if (node instanceof MappingNode) return ", not a mapping";
        if (node instanceof SequenceNode) return ", not a list";
        if (node instanceof ScalarNode s) return ", not '" + s.getValue() + "'";
        return "";
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static RepoConfigException error(Node node, String problem) {
        int line = line(node);
        return new RepoConfigException(RepoConfig.FILE + (line > 0 ? ", line " + line : "") + ": " + problem);
    }

    private static String sorted(Set<String> s) {
        return String.join(", ", s.stream().sorted().toList());
    }
}
