package ai.matrix.architect.deploy;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.secret.Secrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The configured deploy targets by name, each with its type. The configuration is checked when the server
 * starts: an unknown type, a missing field or a credential given as a literal instead of a secret reference
 * stops the start with a sentence naming the target, the field and its environment variable.
 */
@Component
public class DeployTargets {
    /** {@code scheme:name}: a secret reference a configured provider resolves. */
    private static final Pattern REFERENCE = Pattern.compile("([a-z][a-z0-9-]*):[A-Za-z0-9_./-]+");

    private final Map<String, ArchitectProperties.DeployTarget> configs;
    private final Map<String, DeployTargetType> types = new TreeMap<>();
    private final Map<String, DeployTarget> made = new ConcurrentHashMap<>();

    public DeployTargets(ArchitectProperties props, List<DeployTargetType> types, Secrets secrets) {
        for (DeployTargetType t : types) this.types.put(t.name(), t);
        this.configs = new TreeMap<>(props.deployTargets());
        List<String> problems = new ArrayList<>();
        configs.forEach((name, config) -> problems.addAll(problems(name, config, secrets)));
        if (!problems.isEmpty()) throw new IllegalStateException(String.join(" ", problems));
    }

    private List<String> problems(String name, ArchitectProperties.DeployTarget config, Secrets secrets) {
        List<String> out = new ArrayList<>();
        DeployTargetType type = types.get(config.type());
        if (type == null) {
            out.add(sentence(name, "type", "is '" + config.type() + "'; it must be one of " + types.keySet()));
            return out;
        }
        for (DeployTargetType.ConfigProblem p : type.problems(config)) out.add(sentence(name, p.field(), p.problem()));
        for (DeployTargetType.Credential c : type.credentials(config)) {
            if (c.value() == null || c.value().isBlank()) continue;
            var m = REFERENCE.matcher(c.value().strip());
            if (!m.matches() || !secrets.schemes().contains(m.group(1))) {
                out.add(sentence(
                        name,
                        c.field(),
                        "must be a secret reference such as env:NAME or file:NAME (a configured provider: "
                                + secrets.schemes() + "), never the secret itself"));
            }
        }
        if (config.timeout() != null
                && (config.timeout().isNegative() || config.timeout().isZero())) {
            out.add(sentence(name, "timeout", "must be positive"));
        }
        return out;
    }

    /** "Deploy target 'prod': ARCHITECT_DEPLOY_TARGETS_PROD_KUBERNETES_NAMESPACE (architect.….namespace) is …". */
    static String sentence(String target, String field, String problem) {
        String property = "architect.deploy-targets." + target + "." + field;
        String variable = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        return "Deploy target '" + target + "': field " + field + " " + problem + " (set " + variable + " (" + property
                + ")).";
    }

    /** The configured names, sorted. */
    public List<String> names() {
        return List.copyOf(configs.keySet());
    }

    public Optional<ArchitectProperties.DeployTarget> config(String name) {
        return Optional.ofNullable(configs.get(name));
    }

    /** The target of that name, made on first use. */
    public Optional<DeployTarget> get(String name) {
        ArchitectProperties.DeployTarget config = configs.get(name);
        if (config == null) return Optional.empty();
        return Optional.of(
                made.computeIfAbsent(name, n -> types.get(config.type()).create(n, config)));
    }

    /** The target's timeout, or its type's default. */
    public Duration timeout(String name) {
        ArchitectProperties.DeployTarget config = configs.get(name);
        return config.timeout() != null
                ? config.timeout()
                : types.get(config.type()).defaultTimeout();
    }
}
