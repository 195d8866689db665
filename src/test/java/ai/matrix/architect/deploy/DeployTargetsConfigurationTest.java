package ai.matrix.architect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.deploy.command.CommandRunner;
import ai.matrix.architect.deploy.command.CommandTargetType;
import ai.matrix.architect.deploy.kubernetes.KubernetesTargetType;
import ai.matrix.architect.net.NetworkProperties;
import ai.matrix.architect.secret.Redactor;
import ai.matrix.architect.secret.SecretProvider;
import ai.matrix.architect.secret.Secrets;
import ai.matrix.architect.secret.SecretsProperties;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Bad deploy-target configuration stops the start with a sentence naming the target, the field and its variable. */
class DeployTargetsConfigurationTest {
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ArchitectProperties.class, NetworkProperties.class, SecretsProperties.class})
    @Import({DeployTargets.class, CommandTargetType.class, KubernetesTargetType.class})
    static class Config {
        @Bean
        Secrets secrets(SecretsProperties props) {
            return new Secrets(List.of(provider("env"), provider("file")), props, new Redactor());
        }

        @Bean
        CommandRunner runner() {
            return (command, env, secrets, release, lines) -> {
                throw new DeployException("not in this test");
            };
        }

        static SecretProvider provider(String scheme) {
            return new SecretProvider() {
                @Override
                public String scheme() {
                    return scheme;
                }

                @Override
                public Optional<String> get(String name) {
                    return Optional.empty();
                }
            };
        }
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    static String root(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) c = c.getCause();
        return c.getMessage();
    }

    @Test
    void wellConfiguredTargetsStart() {
        runner.withPropertyValues(
                        "architect.deploy-targets.staging.command=./deploy.sh",
                        "architect.deploy-targets.shop.type=kubernetes",
                        "architect.deploy-targets.shop.kubernetes.namespace=shop",
                        "architect.deploy-targets.shop.kubernetes.manifests=deploy/",
                        "architect.deploy-targets.shop.kubernetes.token=file:shop-token",
                        "architect.deploy-targets.shop.kubernetes.api-server=https://k8s.example:6443")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    DeployTargets targets = ctx.getBean(DeployTargets.class);
                    assertThat(targets.names()).containsExactly("shop", "staging");
                    assertThat(targets.get("shop").orElseThrow().type()).isEqualTo("kubernetes");
                    assertThat(targets.get("staging").orElseThrow().type()).isEqualTo("command");
                });
    }

    @Test
    void anUnknownTypeStopsTheStartNamingTheTargetAndField() {
        runner.withPropertyValues("architect.deploy-targets.edge.type=nomad")
                .run(ctx -> assertThat(root(ctx.getStartupFailure()))
                        .contains("Deploy target 'edge': field type is 'nomad'; it must be one of")
                        .contains("ARCHITECT_DEPLOY_TARGETS_EDGE_TYPE (architect.deploy-targets.edge.type)"));
    }

    @Test
    void aKubernetesTargetWithoutNamespaceStopsTheStart() {
        runner.withPropertyValues(
                        "architect.deploy-targets.shop.type=kubernetes",
                        "architect.deploy-targets.shop.kubernetes.manifests=deploy/")
                .run(ctx -> assertThat(root(ctx.getStartupFailure()))
                        .contains("Deploy target 'shop': field kubernetes.namespace is required")
                        .contains("ARCHITECT_DEPLOY_TARGETS_SHOP_KUBERNETES_NAMESPACE"
                                + " (architect.deploy-targets.shop.kubernetes.namespace)"));
    }

    @Test
    void aLiteralTokenInsteadOfASecretReferenceStopsTheStart() {
        runner.withPropertyValues(
                        "architect.deploy-targets.shop.type=kubernetes",
                        "architect.deploy-targets.shop.kubernetes.namespace=shop",
                        "architect.deploy-targets.shop.kubernetes.manifests=deploy/",
                        "architect.deploy-targets.shop.kubernetes.api-server=https://k8s.example:6443",
                        "architect.deploy-targets.shop.kubernetes.token=eyJhbGciOiJSUzI1NiJ9.c2VjcmV0")
                .run(ctx -> {
                    String message = root(ctx.getStartupFailure());
                    assertThat(message)
                            .contains("Deploy target 'shop': field kubernetes.token must be a secret reference")
                            .contains("ARCHITECT_DEPLOY_TARGETS_SHOP_KUBERNETES_TOKEN");
                    assertThat(message).doesNotContain("eyJhbGciOiJSUzI1NiJ9");
                });
    }
}
