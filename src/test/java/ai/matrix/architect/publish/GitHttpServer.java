package ai.matrix.architect.publish;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A real git server over HTTPS for tests: git's own {@code git http-backend} (CGI) behind the JDK's HTTPS server,
 * with a self-signed certificate (its PEM in {@link #caFile()}) and HTTP basic auth required for pushes (reads
 * are anonymous, like a public repository on a code host). Records every Authorization header and request line.
 */
public final class GitHttpServer implements AutoCloseable {
    private final HttpsServer server;
    private final Path root;
    private final Path caFile;
    private final String user;
    private final String password;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<String> pushers = new CopyOnWriteArrayList<>();

    public GitHttpServer(Path dir, String user, String password) throws Exception {
        this.root = Files.createDirectories(dir.resolve("git-root"));
        this.user = user;
        this.password = password;
        TestCertificate cert = TestCertificate.create(dir, "git", "CN=127.0.0.1", "ip:127.0.0.1,dns:localhost");
        this.caFile = cert.pem();
        KeyStore store = cert.store();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, TestCertificate.PASSWORD.toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    /** {@code https://127.0.0.1:<port>} */
    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    public Path caFile() {
        return caFile;
    }

    /** The directory the served repositories live in ({@code <root>/<path>.git}). */
    public Path root() {
        return root;
    }

    /** Every Authorization header received, as sent. */
    public List<String> authorizations() {
        return authorizations;
    }

    /** Every request's method and URI, as sent. */
    public List<String> requestLines() {
        return requestLines;
    }

    /** The users of authenticated pushes. */
    public List<String> pushers() {
        return pushers;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requestLines.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null) authorizations.add(auth);
            String query = ex.getRequestURI().getRawQuery();
            String path = ex.getRequestURI().getPath();
            boolean push = path.endsWith("/git-receive-pack") || "service=git-receive-pack".equals(query);
            String remoteUser = null;
            if (push) {
                String expected = "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
                if (!expected.equals(auth)) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                    ex.sendResponseHeaders(401, -1);
                    return;
                }
                remoteUser = user;
            }
            cgi(ex, path, query, remoteUser, push);
        }
    }

    private void cgi(HttpExchange ex, String path, String query, String remoteUser, boolean push) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = pb.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("REQUEST_METHOD", ex.getRequestMethod());
        env.put("PATH_INFO", URLDecoder.decode(path, StandardCharsets.UTF_8));
        env.put("QUERY_STRING", query == null ? "" : query);
        env.put("REMOTE_ADDR", "127.0.0.1");
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null) env.put("CONTENT_TYPE", type);
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) env.put("HTTP_CONTENT_ENCODING", encoding);
        String protocol = ex.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) env.put("GIT_PROTOCOL", protocol);
        if (remoteUser != null) env.put("REMOTE_USER", remoteUser);
        Process p = pb.start();
        // own threads, not the common pool: the product's git runs drain their output there, and on a small
        // machine that pool has one thread, which a clone waiting for this server would hold
        CompletableFuture<Void> in = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (OutputStream o = p.getOutputStream();
                    InputStream body = ex.getRequestBody()) {
                body.transferTo(o);
            } catch (IOException e) {
                // the backend stopped reading: its answer says why
            }
            in.complete(null);
        });
        CompletableFuture<byte[]> err = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                err.complete(p.getErrorStream().readAllBytes());
            } catch (IOException e) {
                err.complete(new byte[0]);
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        in.join();
        err.join();
        int status = 200;
        int at = 0;
        while (true) {
            int nl = indexOf(out, at);
            if (nl < 0) break;
            String line = new String(out, at, nl - at, StandardCharsets.ISO_8859_1).replace("\r", "");
            at = nl + 1;
            if (line.isEmpty()) break;
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) status = Integer.parseInt(value.substring(0, 3));
            else ex.getResponseHeaders().add(name, value);
        }
        if (push && status == 200 && ex.getRequestMethod().equals("POST")) pushers.add(remoteUser);
        int length = out.length - at;
        ex.sendResponseHeaders(status, length == 0 ? -1 : length);
        if (length > 0) ex.getResponseBody().write(out, at, length);
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == '\n') return i;
        return -1;
    }

    /** A bare repository at {@code <root>/<path>.git} holding the files on main. */
    public Path bareRepo(String path, Map<String, String> files) throws Exception {
        Path bare = root.resolve(path + ".git");
        Files.createDirectories(bare.getParent());
        Path work = Files.createTempDirectory(root.getParent(), "work");
        run(work, "git", "init", "--quiet", "--initial-branch=main");
        for (var f : files.entrySet()) {
            Path file = work.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        run(work, "git", "add", "-A");
        run(work, "git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "--quiet", "-m", "init");
        run(root, "git", "clone", "--quiet", "--bare", work.toString(), bare.toString());
        return bare;
    }

    public static String run(Path cwd, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
