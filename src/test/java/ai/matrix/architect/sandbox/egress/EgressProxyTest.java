package ai.matrix.architect.sandbox.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy on its own, spoken to over its Unix socket the way the sandbox's bridge does. */
class EgressProxyTest {
    @TempDir
    Path dir;

    static String ask(Path socket, String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Channels.newOutputStream(ch).write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = Channels.newInputStream(ch);
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') line.append((char) b);
            return line.toString().strip();
        }
    }

    @Test
    void refusesAHostThatIsNotAllowedAndLogsIt() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                EgressProxy proxy = EgressProxy.start(dir.resolve("p.sock"), Set.of("repo.maven.apache.org"))) {
            AtomicInteger accepted = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                try (Socket s = listener.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException ignored) {
                    // closed
                }
            });
            String target = "127.0.0.1:" + listener.getLocalPort();
            assertThat(ask(proxy.socket(), "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n"))
                    .startsWith("HTTP/1.1 403");
            assertThat(ask(proxy.socket(), "GET http://" + target + "/ HTTP/1.1\r\n\r\n"))
                    .startsWith("HTTP/1.1 405");
            assertThat(ask(proxy.socket(), "CONNECT repo.maven.apache.org:80 HTTP/1.1\r\n\r\n"))
                    .startsWith("HTTP/1.1 403");
            assertThat(proxy.requests())
                    .extracting(EgressProxy.Request::target, EgressProxy.Request::allowed)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(target, false),
                            org.assertj.core.groups.Tuple.tuple("http://" + target + "/", false),
                            org.assertj.core.groups.Tuple.tuple("repo.maven.apache.org:80", false));
            assertThat(accepted).hasValue(0);
        }
    }

    @Test
    void tunnelsToAnAllowedRegistry() throws Exception {
        try (EgressProxy proxy = EgressProxy.start(dir.resolve("p.sock"), Set.of("repo.maven.apache.org"))) {
            assertThat(ask(proxy.socket(), "CONNECT repo.maven.apache.org:443 HTTP/1.1\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");
            assertThat(proxy.requests()).singleElement().satisfies(r -> {
                assertThat(r.allowed()).isTrue();
                assertThat(r.target()).isEqualTo("repo.maven.apache.org:443");
            });
        }
    }
}
