package ai.matrix.architect.gate;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver and health endpoint on 127.0.0.1: records every webhook request, and answers the first
 * {@code failFirst} of them with HTTP 500.
 */
final class FakeEndpoint implements AutoCloseable {
    record Received(String body, Map<String, List<String>> headers, int answered) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    final List<Received> hooks = new CopyOnWriteArrayList<>();
    final AtomicInteger healthChecks = new AtomicInteger();
    /** What {@code /health-staging} answers. */
    final AtomicInteger stagingHealth = new AtomicInteger(200);

    private final AtomicInteger failFirst;
    private final HttpServer server;

    FakeEndpoint(int failFirst) {
        this.failFirst = new AtomicInteger(failFirst);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = this.failFirst.getAndDecrement() > 0 ? 500 : 200;
            hooks.add(new Received(body, Map.copyOf(ex.getRequestHeaders()), status));
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.createContext("/health", ex -> {
            healthChecks.incrementAndGet();
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        server.createContext("/health-staging", ex -> {
            ex.sendResponseHeaders(stagingHealth.get(), -1);
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
