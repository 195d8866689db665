package ai.matrix.architect.plan;

import ai.matrix.architect.job.JobRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.ObjectMapper;

/**
 * The repository's own {@code .matrix-architect.yml}: an optional plan and verify commands. Read with a safe
 * YAML loader (no types, bounded aliases) because the file comes from an untrusted repository.
 */
public record RepoConfig(JobRequest.Plan plan, List<String> verifyCommands, List<String> verifySecrets) {
    public static final String FILE = ".matrix-architect.yml";
    private static final Set<String> TOP_KEYS = Set.of("plan", "verify");
    private static final Set<String> VERIFY_KEYS = Set.of("commands", "profile", "secrets");

    public RepoConfig(JobRequest.Plan plan, List<String> verifyCommands) {
        this(plan, verifyCommands, List.of());
    }

    public static RepoConfig none() {
        return new RepoConfig(null, List.of());
    }

    /** Reads the file from the work tree; a missing file is no configuration, a broken one an error. */
    public static RepoConfig read(Path workTree, ObjectMapper json) throws RepoConfigException {
        Path file = workTree.resolve(FILE);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return none();
        if (Files.isSymbolicLink(file) || !Files.isRegularFile(file)) {
            throw new RepoConfigException(FILE + " must be a regular file, not a link");
        }
        String text;
        try {
            if (Files.size(file) > 1 << 20) throw new RepoConfigException(FILE + " is larger than 1 MiB");
            text = Files.readString(file);
        } catch (IOException e) {
            throw new RepoConfigException("cannot read " + FILE + ": " + e.getMessage());
        }
        return parse(text, json);
    }

    static RepoConfig parse(String text, ObjectMapper json) throws RepoConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowDuplicateKeys(false);
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(options)).load(text);
        } catch (RuntimeException e) {
            throw new RepoConfigException(FILE + " is not valid YAML: " + e.getMessage());
        }
        if (loaded == null) return none();
        if (!(loaded instanceof Map<?, ?> top)) throw new RepoConfigException(FILE + " must hold a mapping at the top");
        for (Object key : top.keySet()) {
            if (!TOP_KEYS.contains(String.valueOf(key))) {
                throw new RepoConfigException(FILE + ": unknown key '" + key + "' (known: " + TOP_KEYS + ")");
            }
        }
        JobRequest.Plan plan = null;
        if (top.get("plan") != null) {
            try {
                plan = json.convertValue(top.get("plan"), JobRequest.Plan.class);
            } catch (RuntimeException e) {
                throw new RepoConfigException(FILE + ": the plan is malformed: " + e.getMessage());
            }
        }
        List<String> commands = List.of();
        List<String> secrets = List.of();
        Object verify = top.get("verify");
        if (verify != null) {
            if (!(verify instanceof Map<?, ?> v)) throw new RepoConfigException(FILE + ": verify must be a mapping");
            for (Object key : v.keySet()) {
                if (!VERIFY_KEYS.contains(String.valueOf(key))) {
                    throw new RepoConfigException(FILE + ": unknown key 'verify." + key + "'");
                }
            }
            Object c = v.get("commands");
            if (c != null) {
                if (!(c instanceof List<?> list) || list.stream().anyMatch(x -> !(x instanceof String))) {
                    throw new RepoConfigException(FILE + ": verify.commands must be a list of strings");
                }
                commands = list.stream().map(String.class::cast).toList();
            }
            Object s = v.get("secrets");
            if (s != null) {
                if (!(s instanceof List<?> list)
                        || list.stream()
                                .anyMatch(
                                        x -> !(x instanceof String str) || !str.matches("[A-Za-z0-9_:/#.-]{1,200}"))) {
                    throw new RepoConfigException(FILE + ": verify.secrets must be a list of secret names");
                }
                secrets = list.stream().map(String.class::cast).toList();
            }
        }
        return new RepoConfig(plan, commands, secrets);
    }

    public Optional<JobRequest.Plan> planIfAny() {
        return Optional.ofNullable(plan);
    }
}
