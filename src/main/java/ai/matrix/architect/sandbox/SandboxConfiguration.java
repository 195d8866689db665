package ai.matrix.architect.sandbox;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.sandbox.bwrap.BwrapSandbox;
import ai.matrix.architect.sandbox.local.UnisolatedSandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the sandbox: the configured one, or for {@code auto} the first that works here. When none works,
 * the provider holds a sentence saying how to install one, and VERIFY fails with it.
 */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    SandboxProvider sandboxProvider(ArchitectProperties props) {
        String choice = props.sandbox().toLowerCase(java.util.Locale.ROOT);
        SandboxProvider provider = switch (choice) {
            case "none" -> SandboxProvider.of(new UnisolatedSandbox());
            case "bwrap" ->
                BwrapSandbox.works("bwrap")
                        ? SandboxProvider.of(new BwrapSandbox("bwrap"))
                        : SandboxProvider.unavailable("ARCHITECT_SANDBOX=bwrap, but bubblewrap does not run here: "
                                + SandboxProvider.INSTALL_HINT);
            case "auto" ->
                BwrapSandbox.works("bwrap")
                        ? SandboxProvider.of(new BwrapSandbox("bwrap"))
                        : SandboxProvider.unavailable("no sandbox is available: " + SandboxProvider.INSTALL_HINT);
            default ->
                SandboxProvider.unavailable(
                        "ARCHITECT_SANDBOX=" + choice + " is not a sandbox this server has; use auto, bwrap or none");
        };
        if (provider.sandbox().isPresent()) {
            Sandbox s = provider.sandbox().get();
            if (!s.capabilities().isolated()) {
                log.warn("SANDBOXING IS OFF (ARCHITECT_SANDBOX=none): repository code runs with this server's rights."
                        + " Use this only for development.");
            } else {
                log.info("sandbox: {} (chosen by ARCHITECT_SANDBOX={})", s.name(), choice);
            }
        } else {
            log.warn("sandbox: {}", provider.unavailableReason());
        }
        return provider;
    }
}
