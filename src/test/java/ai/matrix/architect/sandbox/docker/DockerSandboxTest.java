package ai.matrix.architect.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.matrix.architect.sandbox.Sandbox;
import ai.matrix.architect.sandbox.SandboxContractTest;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxRequest;
import com.github.dockerjava.api.DockerClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DockerSandboxTest extends SandboxContractTest {
    private static DockerClient client;
    private static DockerSandbox sandbox;

    @BeforeAll
    static void engine() {
        DockerTestEngine.requireEngine();
        client = DockerEngine.connect(DockerSandboxProperties.defaults().host());
        sandbox = new DockerSandbox(client, DockerSandboxProperties.defaults());
    }

    @AfterAll
    static void noContainerLeftBehind() throws Exception {
        if (client == null) return;
        assertThat(client.listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(Map.of(DockerSandbox.LABEL_OWNER, sandbox.owner()))
                        .exec())
                .isEmpty();
        client.close();
    }

    @Override
    protected Sandbox sandbox() {
        return sandbox;
    }

    @Test
    void runsTheImageARequestNames() throws Exception {
        String image = DockerTestEngine.busyboxImage(client);
        List<String> lines = new ArrayList<>();
        var r = sandbox.run(new SandboxRequest(
                "busybox id -u; busybox ls /usr 2>&1 | busybox head -1; cat hello.txt",
                workspace,
                Map.of(),
                Duration.ofSeconds(30),
                LIMITS,
                false,
                image,
                lines::add));
        assertThat(r.exitCode()).isZero();
        assertThat(lines).contains("1000", "hello");
    }

    @Test
    void refusesAnImageTheEngineDoesNotHave() {
        assertThatThrownBy(() -> sandbox.run(new SandboxRequest(
                        "true",
                        workspace,
                        Map.of(),
                        Duration.ofSeconds(5),
                        LIMITS,
                        false,
                        "matrix-architect/no-such-image:0",
                        l -> {})))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("not on this Docker engine");
    }

    @Test
    void theReaperRemovesExpiredSandboxContainersOnly() throws Exception {
        String image = DockerTestEngine.busyboxImage(client);
        String expired = client.createContainerCmd(image)
                .withCmd("busybox", "sleep", "600")
                .withLabels(Map.of(DockerSandbox.LABEL, "true", DockerSandbox.LABEL_DEADLINE, "1"))
                .exec()
                .getId();
        String live = client.createContainerCmd(image)
                .withCmd("busybox", "sleep", "600")
                .withLabels(Map.of(
                        DockerSandbox.LABEL,
                        "true",
                        DockerSandbox.LABEL_DEADLINE,
                        Long.toString(System.currentTimeMillis() + 3_600_000)))
                .exec()
                .getId();
        String foreign = client.createContainerCmd(image)
                .withCmd("busybox", "true")
                .exec()
                .getId();
        try {
            client.startContainerCmd(expired).exec();
            List<String> removed = new DockerReaper(client, Clock.systemUTC()).reap();
            assertThat(removed).contains(expired).doesNotContain(live, foreign);
            assertThat(client.listContainersCmd().withShowAll(true).exec())
                    .extracting(c -> c.getId())
                    .doesNotContain(expired)
                    .contains(live, foreign);
        } finally {
            for (String id : List.of(expired, live, foreign)) {
                try {
                    client.removeContainerCmd(id).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // removed by the reaper
                }
            }
        }
    }
}
