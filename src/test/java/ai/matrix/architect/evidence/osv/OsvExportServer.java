package ai.matrix.architect.evidence.osv;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OSV's export bucket on loopback, answering as a static object store does: {@code GET /<ecosystem>/all.zip} with
 * the object, its {@code ETag} and {@code Last-Modified}, 304 when {@code If-None-Match} names the current ETag,
 * 404 for an ecosystem it has no export of. Every request is recorded with its conditional headers.
 */
public final class OsvExportServer implements AutoCloseable {
    public record Request(String path, String ifNoneMatch, String ifModifiedSince, int status) {}

    private record Export(byte[] body, String etag) {}

    private final HttpServer server;
    private final Map<String, Export> exports = new ConcurrentHashMap<>();
    public final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    public OsvExportServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@code body} as {@code /<ecosystem>/all.zip} under this ETag from now on. */
    public void put(String ecosystem, byte[] body, String etag) {
        exports.put("/" + ecosystem + "/all.zip", new Export(body, etag));
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        String ims = ex.getRequestHeaders().getFirst("If-Modified-Since");
        Export e = exports.get(path);
        int status = e == null ? 404 : e.etag().equals(inm) ? 304 : 200;
        requests.add(new Request(path, inm, ims, status));
        if (e != null) {
            ex.getResponseHeaders().set("ETag", e.etag());
            ex.getResponseHeaders().set("Last-Modified", "Tue, 04 Mar 2025 10:00:00 GMT");
            ex.getResponseHeaders().set("Content-Type", "application/zip");
        }
        if (status == 200) {
            ex.sendResponseHeaders(200, e.body().length);
            try (var out = ex.getResponseBody()) {
                out.write(e.body());
            }
        } else {
            ex.sendResponseHeaders(status, -1);
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
