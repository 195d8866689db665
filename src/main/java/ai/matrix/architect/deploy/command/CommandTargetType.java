package ai.matrix.architect.deploy.command;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.deploy.DeployTarget;
import ai.matrix.architect.deploy.DeployTargetType;
import ai.matrix.architect.deploy.HealthUrl;
import ai.matrix.architect.net.NetworkProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code type: command}: a command (and optionally a rollback command) run in the sandbox. */
@Component
public class CommandTargetType implements DeployTargetType {
    private final CommandRunner runner;
    private final HealthUrl health;

    public CommandTargetType(CommandRunner runner, NetworkProperties network) {
        this.runner = runner;
        this.health = new HealthUrl(network.policy(), Clock.systemUTC(), Duration.ofSeconds(1));
    }

    @Override
    public String name() {
        return "command";
    }

    /** Five health checks a second apart, as command targets always had. */
    @Override
    public Duration defaultTimeout() {
        return Duration.ofSeconds(5);
    }

    @Override
    public List<ConfigProblem> problems(ArchitectProperties.DeployTarget config) {
        return List.of();
    }

    @Override
    public List<Credential> credentials(ArchitectProperties.DeployTarget config) {
        return List.of();
    }

    @Override
    public DeployTarget create(String name, ArchitectProperties.DeployTarget config) {
        return new CommandTarget(name, config, runner, health);
    }
}
