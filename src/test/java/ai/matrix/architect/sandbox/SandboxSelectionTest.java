package ai.matrix.architect.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.matrix.architect.sandbox.bwrap.BwrapSandbox;
import ai.matrix.architect.sandbox.docker.DockerEngine;
import ai.matrix.architect.sandbox.docker.DockerSandboxProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** ARCHITECT_SANDBOX against the real engine and the real bubblewrap, with absent ones made absent by path. */
class SandboxSelectionTest {
    private static final DockerSandboxProperties DOCKER = DockerSandboxProperties.defaults();
    private static final DockerSandboxProperties NO_DOCKER = new DockerSandboxProperties(
            "unix:///nonexistent/docker.sock", DOCKER.image(), DOCKER.network(), Duration.ofMinutes(5));
    private static final String NO_BWRAP = "/nonexistent/bwrap";

    @Test
    void autoPrefersDockerWhenItsEngineAnswers() {
        assumeTrue(DockerEngine.answers(DOCKER.host()), "no Docker engine here");
        try (SandboxSelection s = SandboxSelection.choose("auto", DOCKER, "bwrap")) {
            assertThat(s.provider().sandbox()).get().extracting(Sandbox::name).isEqualTo("docker");
            assertThat(s.reason()).contains("answers");
        }
    }

    @Test
    void autoFallsBackToBubblewrapWithoutAnEngine() {
        assumeTrue(BwrapSandbox.works("bwrap"), "bubblewrap does not run here");
        try (SandboxSelection s = SandboxSelection.choose("auto", NO_DOCKER, "bwrap")) {
            assertThat(s.provider().sandbox()).get().extracting(Sandbox::name).isEqualTo("bwrap");
            assertThat(s.reason()).contains("no Docker engine answers at unix:///nonexistent/docker.sock");
        }
    }

    @Test
    void autoRefusesWithASentenceWhenNothingWorks() {
        try (SandboxSelection s = SandboxSelection.choose("auto", NO_DOCKER, NO_BWRAP)) {
            assertThat(s.provider().sandbox()).isEmpty();
            assertThatThrownBy(() -> s.provider().require())
                    .isInstanceOf(SandboxException.class)
                    .hasMessageContaining("no sandbox is available")
                    .hasMessageContaining("apt-get install -y bubblewrap");
        }
    }

    @Test
    void anExplicitChoiceThatDoesNotWorkIsNotReplacedByAnother() {
        try (SandboxSelection s = SandboxSelection.choose("docker", NO_DOCKER, "bwrap")) {
            assertThat(s.provider().sandbox()).isEmpty();
            assertThat(s.reason()).contains("ARCHITECT_SANDBOX=docker").contains("no Docker engine answers");
        }
        try (SandboxSelection s = SandboxSelection.choose("bwrap", DOCKER, NO_BWRAP)) {
            assertThat(s.provider().sandbox()).isEmpty();
            assertThat(s.reason()).contains("bubblewrap does not run here");
        }
    }

    @Test
    void noneIsUnisolatedAndSaysSoInEveryJobLog() throws Exception {
        try (SandboxSelection s = SandboxSelection.choose("none", NO_DOCKER, NO_BWRAP)) {
            Sandbox none = s.provider().require();
            assertThat(none.capabilities().isolated()).isFalse();
            // VERIFY writes this description into each job's log
            assertThat(new Sandboxes(s.provider(), null).describe()).contains("WARNING: not isolated");
        }
    }

    @Test
    void unknownChoicesAndAKubernetesWithoutClusterAreRefused() {
        try (SandboxSelection s = SandboxSelection.choose("chroot", DOCKER, "bwrap")) {
            assertThat(s.reason()).contains("ARCHITECT_SANDBOX=chroot is not a sandbox");
        }
        try (SandboxSelection s = SandboxSelection.choose("kubernetes", DOCKER, "bwrap")) {
            assertThat(s.provider().sandbox()).isEmpty();
            assertThat(s.reason()).contains("ARCHITECT_KUBERNETES_IMAGE");
        }
        try (SandboxSelection s = SandboxSelection.choose(
                "kubernetes",
                DOCKER,
                "bwrap",
                new ai.matrix.architect.sandbox.kubernetes.KubernetesSandboxProperties("ns", "local/verify:1"))) {
            assertThat(s.provider().sandbox()).isEmpty();
            assertThat(s.reason()).contains("no Kubernetes API server answers");
        }
    }
}
