package ai.matrix.architect.deploy;

import ai.matrix.architect.config.ArchitectProperties;
import java.time.Duration;
import java.util.List;

/** One type of deploy target: checks a target's configuration at start-up and makes the target. */
public interface DeployTargetType {
    /** The value of {@code architect.deploy-targets.<name>.type}. */
    String name();

    /** How long a release may take to become healthy when the target sets no timeout. */
    Duration defaultTimeout();

    /** What is wrong with the configuration, each naming its field ({@code kubernetes.namespace}). */
    List<ConfigProblem> problems(ArchitectProperties.DeployTarget config);

    /** The fields that hold credentials: each must be a secret reference, never the secret itself. */
    List<Credential> credentials(ArchitectProperties.DeployTarget config);

    DeployTarget create(String name, ArchitectProperties.DeployTarget config);

    /** A field of the target's configuration and what is wrong with it. */
    record ConfigProblem(String field, String problem) {}

    /** A credential field and its configured value (null when unset). */
    record Credential(String field, String value) {}
}
