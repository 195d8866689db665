package ai.matrix.architect.sandbox.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.matrix.architect.ecosystem.Maven;
import ai.matrix.architect.sandbox.SandboxLimits;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.bwrap.BwrapSandbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "Must show" 6, with bubblewrap: a Maven project with JUnit 5 resolves its dependencies from Maven
 * Central through the egress proxy (a fresh cache, so everything really comes through it), a request to a
 * host that is not allowed is refused and logged, and the tests then pass with no network at all, where every
 * connection fails.
 */
class MavenTwoPhaseTest {
    @TempDir
    Path workspace;

    @TempDir
    Path cache;

    @TempDir
    Path sockets;

    static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>fixture</groupId><artifactId>egress-fixture</artifactId><version>1</version>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <dependencies>
                <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>
                  <version>5.11.4</version><scope>test</scope></dependency>
                <dependency><groupId>org.junit.platform</groupId><artifactId>junit-platform-launcher</artifactId>
                  <version>1.11.4</version><scope>test</scope></dependency>
              </dependencies>
              <build><plugins>
                <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
                <plugin><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
              </plugins></build>
            </project>
            """;

    static final String TEST = """
            package fixture;
            import org.junit.jupiter.api.Test;
            import static org.junit.jupiter.api.Assertions.assertEquals;
            class AdditionTest {
                @Test void adds() { assertEquals(4, 2 + 2); }
            }
            """;

    @Test
    void mavenFetchesThroughTheProxyThenTestsPassWithNoNetwork() throws Exception {
        assumeTrue(BwrapSandbox.works("bwrap"), "bubblewrap does not run here");
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/mvn")) && Files.isExecutable(Path.of("/usr/bin/socat")),
                "mvn and socat are needed");
        Files.writeString(workspace.resolve("pom.xml"), POM);
        Path testDir = Files.createDirectories(workspace.resolve("src/test/java/fixture"));
        Files.writeString(testDir.resolve("AdditionTest.java"), TEST);
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException ignored) {
                        return;
                    }
                }
            });
            int port = listener.getLocalPort();
            String forbidden = "printf 'CONNECT 127.0.0.1:" + port
                    + " HTTP/1.1\\r\\n\\r\\n' | socat - TCP:127.0.0.1:3128" + " | head -1; ";
            String direct = "socat -u /dev/null TCP:127.0.0.1:" + port + " 2>/dev/null && echo DIRECT-CONNECTED; ";
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            SandboxRequest check = new SandboxRequest(
                    direct + "socat -u /dev/null TCP:127.0.0.1:3128 2>/dev/null && echo PROXY-REACHABLE;"
                            + " getent hosts repo.maven.apache.org && echo RESOLVED; mvn -B -ntp -q test",
                    workspace,
                    Map.of(),
                    Duration.ofMinutes(4),
                    SandboxLimits.defaults().withMemoryBytes(2L << 30),
                    false,
                    null,
                    lines::add);
            TwoPhaseRun.Result r = TwoPhaseRun.run(
                    new BwrapSandbox("bwrap"),
                    check,
                    new Maven(),
                    forbidden + direct + new Maven().fetchCommand(),
                    cache,
                    new Maven().registryHosts(),
                    sockets);
            String out = String.join("\n", lines);
            assertThat(r.fetch().succeeded()).as(out).isTrue();
            assertThat(r.egress())
                    .as("requests through the proxy")
                    .anySatisfy(q -> {
                        assertThat(q.target()).isEqualTo("127.0.0.1:" + port);
                        assertThat(q.allowed()).isFalse();
                    })
                    .anySatisfy(q -> {
                        assertThat(q.target()).isEqualTo("repo.maven.apache.org:443");
                        assertThat(q.allowed()).isTrue();
                    });
            assertThat(out).contains("HTTP/1.1 403");
            assertThat(r.check()).as(out).isNotNull();
            assertThat(r.check().succeeded()).as(out).isTrue();
            assertThat(out)
                    .doesNotContain("DIRECT-CONNECTED")
                    .doesNotContain("PROXY-REACHABLE")
                    .doesNotContain("RESOLVED");
            assertThat(accepted).hasValue(0);
            assertThat(workspace.resolve("target/surefire-reports/TEST-fixture.AdditionTest.xml"))
                    .exists();
            assertThat(cache.resolve("m2/org/junit/jupiter/junit-jupiter-api/5.11.4"))
                    .isDirectory();
        }
    }
}
