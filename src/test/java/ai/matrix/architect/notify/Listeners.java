package ai.matrix.architect.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Real sockets on 127.0.0.1 for the webhook SSRF tests. */
final class Listeners {
    private Listeners() {}

    /** Counts every TCP connection it accepts (and answers nothing). */
    static final class Counting implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket socket;

        Counting() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (var s = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** An HTTP server that answers every POST with a fixed status and Location, recording what it got. */
    static final class Answering implements AutoCloseable {
        record Request(String path, String host, String body, String signature) {}

        final List<Request> requests = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Answering(int status, String location) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(new Request(
                        ex.getRequestURI().toString(),
                        ex.getRequestHeaders().getFirst("Host"),
                        body,
                        ex.getRequestHeaders().getFirst(Webhooks.SIGNATURE_HEADER)));
                if (location != null) ex.getResponseHeaders().add("Location", location);
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
