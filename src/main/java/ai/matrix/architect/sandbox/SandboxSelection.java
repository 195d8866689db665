package ai.matrix.architect.sandbox;

import ai.matrix.architect.sandbox.bwrap.BwrapSandbox;
import ai.matrix.architect.sandbox.docker.DockerEngine;
import ai.matrix.architect.sandbox.docker.DockerReaper;
import ai.matrix.architect.sandbox.docker.DockerSandbox;
import ai.matrix.architect.sandbox.docker.DockerSandboxProperties;
import ai.matrix.architect.sandbox.kubernetes.ExecWorkspaceTransfer;
import ai.matrix.architect.sandbox.kubernetes.KubernetesSandbox;
import ai.matrix.architect.sandbox.kubernetes.KubernetesSandboxProperties;
import ai.matrix.architect.sandbox.local.UnisolatedSandbox;
import com.github.dockerjava.api.DockerClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of choosing a sandbox for {@code ARCHITECT_SANDBOX}: {@code docker}, {@code bwrap},
 * {@code kubernetes} (never chosen by {@code auto}) and {@code none} name one; {@code auto} takes docker when its engine answers, else
 * bubblewrap when it runs, else none at all (VERIFY then fails with {@link SandboxProvider#INSTALL_HINT}).
 * Holds what the chosen sandbox needs closed at shutdown (the Docker client and its reaper).
 *
 * @param provider the sandbox, or why there is none
 * @param reason one sentence saying why this one was chosen, for the start-up log
 */
public record SandboxSelection(SandboxProvider provider, String reason, List<AutoCloseable> resources)
        implements AutoCloseable {

    public static SandboxSelection choose(String choice, DockerSandboxProperties docker, String bwrap) {
        return choose(choice, docker, bwrap, KubernetesSandboxProperties.defaults());
    }

    public static SandboxSelection choose(
            String choice, DockerSandboxProperties docker, String bwrap, KubernetesSandboxProperties kubernetes) {
        String c = choice == null ? "auto" : choice.strip().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "none" ->
                new SandboxSelection(
                        SandboxProvider.of(new UnisolatedSandbox()),
                        "ARCHITECT_SANDBOX=none: chosen explicitly",
                        List.of());
            case "docker" ->
                DockerEngine.answers(docker.host())
                        ? docker(docker, "ARCHITECT_SANDBOX=docker")
                        : unavailable("ARCHITECT_SANDBOX=docker, but no Docker engine answers at " + docker.host()
                                + ": start dockerd or set ARCHITECT_DOCKER_HOST");
            case "bwrap" ->
                BwrapSandbox.works(bwrap)
                        ? bwrap(bwrap, "ARCHITECT_SANDBOX=bwrap")
                        : unavailable("ARCHITECT_SANDBOX=bwrap, but bubblewrap does not run here: install it with"
                                + " apt-get install -y bubblewrap (it needs unprivileged user namespaces)");
            case "kubernetes" -> kubernetes(kubernetes);
            case "auto" -> {
                if (DockerEngine.answers(docker.host())) {
                    yield docker(docker, "ARCHITECT_SANDBOX=auto: the Docker engine at " + docker.host() + " answers");
                }
                if (BwrapSandbox.works(bwrap)) {
                    yield bwrap(
                            bwrap,
                            "ARCHITECT_SANDBOX=auto: no Docker engine answers at " + docker.host()
                                    + ", bubblewrap runs");
                }
                yield unavailable("no sandbox is available (no Docker engine answers at " + docker.host()
                        + " and bubblewrap does not run): " + SandboxProvider.INSTALL_HINT);
            }
            default ->
                unavailable("ARCHITECT_SANDBOX=" + c + " is not a sandbox this server has; use auto, docker,"
                        + " bwrap or none");
        };
    }

    private static SandboxSelection docker(DockerSandboxProperties props, String why) {
        DockerClient client = DockerEngine.connect(props.host());
        DockerReaper reaper = new DockerReaper(client, Clock.systemUTC()).start(props.reapInterval());
        List<AutoCloseable> resources = new ArrayList<>(List.of(reaper, client));
        return new SandboxSelection(SandboxProvider.of(new DockerSandbox(client, props)), why, resources);
    }

    private static SandboxSelection kubernetes(KubernetesSandboxProperties props) {
        if (props.image().isBlank()) {
            return unavailable("ARCHITECT_SANDBOX=kubernetes needs ARCHITECT_KUBERNETES_IMAGE: the image of the"
                    + " sandbox pods, holding the tools the verify commands need");
        }
        var config = new io.fabric8.kubernetes.client.ConfigBuilder(
                        io.fabric8.kubernetes.client.Config.autoConfigure(null))
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(3000)
                .build();
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        try {
            client.getKubernetesVersion();
        } catch (RuntimeException e) {
            client.close();
            return unavailable("ARCHITECT_SANDBOX=kubernetes, but no Kubernetes API server answers (" + e.getMessage()
                    + "): set KUBECONFIG or run in a cluster");
        }
        var sandbox = new KubernetesSandbox(
                client, props.namespace(), props.image(), new ExecWorkspaceTransfer(Duration.ofMinutes(5)));
        return new SandboxSelection(
                SandboxProvider.of(sandbox),
                "ARCHITECT_SANDBOX=kubernetes: the API server at " + client.getMasterUrl() + " answers",
                List.of(client));
    }

    private static SandboxSelection bwrap(String executable, String why) {
        return new SandboxSelection(SandboxProvider.of(new BwrapSandbox(executable)), why, List.of());
    }

    private static SandboxSelection unavailable(String why) {
        return new SandboxSelection(SandboxProvider.unavailable(why), why, List.of());
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
        }
    }
}
