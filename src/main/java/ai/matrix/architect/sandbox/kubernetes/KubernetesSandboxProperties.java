package ai.matrix.architect.sandbox.kubernetes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the kubernetes sandbox, bound from {@code architect.kubernetes.*}. The cluster itself comes from the
 * usual places (in-cluster service account, {@code KUBECONFIG}, {@code ~/.kube/config}).
 *
 * @param namespace namespace the sandbox Pods and their deny-all NetworkPolicy live in
 * @param image image of the sandbox Pods; it must hold the tools the verify commands need
 */
@ConfigurationProperties("architect.kubernetes")
public record KubernetesSandboxProperties(
        @DefaultValue("matrix-architect-sandboxes") String namespace,
        @DefaultValue("") String image) {

    public static KubernetesSandboxProperties defaults() {
        return new KubernetesSandboxProperties("matrix-architect-sandboxes", "");
    }
}
