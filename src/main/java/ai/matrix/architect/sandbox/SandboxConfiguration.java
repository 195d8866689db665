package ai.matrix.architect.sandbox;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.sandbox.docker.DockerSandboxProperties;
import ai.matrix.architect.sandbox.kubernetes.KubernetesSandboxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the sandbox (see {@link SandboxSelection}) and logs the choice in one line. When none works, the
 * provider holds a sentence saying how to install one, and VERIFY fails with it.
 */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SandboxSelection sandboxSelection(
            ArchitectProperties props, DockerSandboxProperties docker, KubernetesSandboxProperties kubernetes) {
        SandboxSelection selection = SandboxSelection.choose(props.sandbox(), docker, "bwrap", kubernetes);
        var sandbox = selection.provider().sandbox();
        if (sandbox.isEmpty()) {
            log.warn("sandbox: none available: {}", selection.reason());
        } else if (!sandbox.get().capabilities().isolated()) {
            log.warn("SANDBOXING IS OFF (ARCHITECT_SANDBOX=none): repository code runs with this server's rights."
                    + " Use this only for development.");
        } else {
            log.info("sandbox: {} ({})", sandbox.get().name(), selection.reason());
        }
        return selection;
    }

    @Bean
    @ConditionalOnMissingBean
    SandboxProvider sandboxProvider(SandboxSelection selection) {
        return selection.provider();
    }
}
