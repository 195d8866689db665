package ai.matrix.architect.sandbox.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way out of a sandbox's dependency-fetch phase: an HTTP proxy on a Unix socket (bind-mounted into
 * the sandbox, bridged there to 127.0.0.1:{@value #SANDBOX_PORT}) that accepts only {@code CONNECT} to port
 * 443 of the allowed registry hosts and logs every request, allowed or refused. The sandbox keeps its own
 * empty network namespace, so nothing else can leave it. TLS is not intercepted: the proxy sees host names,
 * never content.
 */
public final class EgressProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EgressProxy.class);
    /** Port the bridge listens on inside the sandbox. */
    public static final int SANDBOX_PORT = 3128;
    /** Where the proxy's socket appears inside the sandbox. */
    public static final String SANDBOX_SOCKET = "/run/matrix-architect/egress.sock";
    /** Public registries per ecosystem: the default allow-list. */
    public static final Set<String> DEFAULT_HOSTS = Set.of(
            "repo.maven.apache.org",
            "repo1.maven.org",
            "registry.npmjs.org",
            "pypi.org",
            "files.pythonhosted.org",
            "proxy.golang.org",
            "sum.golang.org");

    /** One request the proxy saw. */
    public record Request(Instant at, String method, String target, boolean allowed, String outcome) {}

    private final Path socket;
    private final Set<String> allowedHosts;
    private final Clock clock;
    private final ServerSocketChannel server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private EgressProxy(Path socket, Set<String> allowedHosts, Clock clock) throws IOException {
        this.socket = socket;
        this.allowedHosts = Set.copyOf(
                allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
        this.clock = clock;
        Files.deleteIfExists(socket);
        Files.createDirectories(socket.getParent());
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        // the sandbox's user (uid 1000 in docker) must be able to connect; the directory stays the server's
        Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        this.acceptor = Thread.ofVirtual().name("egress-proxy").start(this::acceptLoop);
    }

    /** Starts a proxy listening on {@code socket} that lets through only {@code allowedHosts}. */
    public static EgressProxy start(Path socket, Set<String> allowedHosts) throws IOException {
        return new EgressProxy(socket, allowedHosts, Clock.systemUTC());
    }

    public Path socket() {
        return socket;
    }

    /** Every request so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().name("egress-proxy-conn").start(() -> handle(client));
            } catch (IOException e) {
                if (server.isOpen()) log.warn("egress proxy: {}", e.getMessage());
            }
        }
    }

    private void handle(SocketChannel channel) {
        try (channel) {
            InputStream in = Channels.newInputStream(channel);
            OutputStream out = Channels.newOutputStream(channel);
            String requestLine = readHead(in);
            if (requestLine == null) return;
            String[] parts = requestLine.split(" ");
            if (parts.length < 3) {
                refuse(out, "?", requestLine, 400, "malformed request");
                return;
            }
            String method = parts[0].toUpperCase(Locale.ROOT);
            String target = parts[1];
            if (!method.equals("CONNECT")) {
                refuse(out, method, target, 405, "only CONNECT (https) is allowed");
                return;
            }
            int colon = target.lastIndexOf(':');
            String host = (colon > 0 ? target.substring(0, colon) : target).toLowerCase(Locale.ROOT);
            String port = colon > 0 ? target.substring(colon + 1) : "";
            if (!port.equals("443") || !allowedHosts.contains(host)) {
                refuse(out, method, target, 403, "host not allowed");
                return;
            }
            try (Socket upstream = new Socket()) {
                InputStream upIn;
                OutputStream upOut;
                try {
                    upstream.connect(new InetSocketAddress(host, 443), 10_000);
                    upIn = upstream.getInputStream();
                    upOut = upstream.getOutputStream();
                } catch (IOException e) {
                    refuse(out, method, target, 502, "cannot reach " + host + ": " + e.getMessage());
                    return;
                }
                record(method, target, true, "tunnel");
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread up = Thread.ofVirtual().start(() -> {
                    pump(in, upOut);
                    try {
                        upstream.shutdownOutput();
                    } catch (IOException ignored) {
                        // closed already
                    }
                });
                pump(upIn, out);
                // the registry closed: tell the client, give its side a moment, then close both
                channel.shutdownOutput();
                up.join(java.time.Duration.ofSeconds(30));
            }
        } catch (IOException | InterruptedException e) {
            // client went away
        }
    }

    private static void pump(InputStream in, OutputStream out) {
        byte[] buf = new byte[32 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side closed
        }
    }

    /** Reads the request head (to the empty line); returns its first line, or null at end of stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) return null;
            if (head.size() > 16 * 1024) return null;
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2))
                    ? state + 1
                    : (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.indexOf("\r\n"));
    }

    private void refuse(OutputStream out, String method, String target, int status, String why) throws IOException {
        record(method, target, false, status + " " + why);
        byte[] body = (why + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(
                ("HTTP/1.1 " + status + " Refused by the Matrix Architect egress proxy\r\nContent-Type: text/plain\r\n"
                                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private void record(String method, String target, boolean allowed, String outcome) {
        requests.add(new Request(clock.instant(), method, target, allowed, outcome));
        if (allowed) log.info("egress: {} {} allowed", method, target);
        else log.warn("egress: {} {} refused ({})", method, target, outcome);
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        Files.deleteIfExists(socket);
    }
}
