package ai.matrix.architect.plan;

import ai.matrix.architect.job.JobRequest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;
import tools.jackson.databind.ObjectMapper;

/**
 * The repository's own {@code .matrix-architect.yml}: an optional plan and how to verify. Read with a safe YAML
 * loader (no types, bounded aliases) because the file comes from an untrusted repository, and checked against
 * its schema ({@link RepoConfigSchema}, documented in docs/matrix-architect-yml.md): an unknown key or a wrong
 * type is an error naming the file, the line and the problem.
 */
public record RepoConfig(JobRequest.Plan plan, List<String> verifyCommands, VerifySettings verify) {
    public static final String FILE = ".matrix-architect.yml";

    public RepoConfig(JobRequest.Plan plan, List<String> verifyCommands) {
        this(plan, verifyCommands, VerifySettings.none());
    }

    public RepoConfig {
        verifyCommands = verifyCommands == null ? List.of() : List.copyOf(verifyCommands);
        verify = verify == null ? VerifySettings.none() : verify;
    }

    public static RepoConfig none() {
        return new RepoConfig(null, List.of(), VerifySettings.none());
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
        Node root;
        Object loaded;
        try {
            Yaml yaml = new Yaml(new SafeConstructor(options));
            root = yaml.compose(new StringReader(text));
            loaded = new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new RepoConfigException(
                    FILE + (line > 0 ? ", line " + line : "") + ": not valid YAML: " + e.getProblem());
        } catch (RuntimeException e) {
            throw new RepoConfigException(FILE + " is not valid YAML: " + e.getMessage());
        }
        if (root == null || loaded == null) return none();
        RepoConfigSchema.Checked checked = RepoConfigSchema.check(root);
        JobRequest.Plan plan = null;
        if (loaded instanceof Map<?, ?> top && top.get("plan") != null) {
            try {
                plan = json.convertValue(top.get("plan"), JobRequest.Plan.class);
            } catch (RuntimeException e) {
                throw new RepoConfigException(
                        FILE + ", line " + checked.planLine() + ": the plan is malformed: " + e.getMessage());
            }
        }
        return new RepoConfig(plan, checked.verify().commands(), checked.verify());
    }

    /** Secrets the file asks for its verify checks. */
    public List<String> verifySecrets() {
        return verify.secrets();
    }

    public Optional<JobRequest.Plan> planIfAny() {
        return Optional.ofNullable(plan);
    }
}
