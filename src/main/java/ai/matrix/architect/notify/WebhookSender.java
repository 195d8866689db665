package ai.matrix.architect.notify;

import ai.matrix.architect.net.AddressPolicy;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Sends one webhook POST over HTTP/1.1 to the address that {@link AddressPolicy} checked right before, never to
 * whatever a second lookup of the name would give: the socket is connected to the checked address, and for https
 * the TLS handshake still uses (SNI) and verifies the certificate against the name in the URL. Redirects are never
 * followed; a 3xx is just an answer the caller treats as a failed delivery. (java.net.http.HttpClient cannot be
 * told which address to connect to, hence this small client.)
 */
final class WebhookSender {
    /** The URL may not be used; nothing was connected. Retrying does not help. */
    static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }

    /** The status code and, for a redirect, where it pointed (not followed). */
    record Answer(int status, String location) {}

    private static final int MAX_HEAD = 64 * 1024;

    private final Function<String, AddressPolicy.Verdict> policy;
    private final Duration timeout;

    WebhookSender(AddressPolicy policy, Duration timeout) {
        this(policy::check, timeout);
    }

    /** With any check of a host (tests use it to show where the connection goes). */
    WebhookSender(Function<String, AddressPolicy.Verdict> policy, Duration timeout) {
        this.policy = policy;
        this.timeout = timeout;
    }

    /** Why the URL is refused without looking further than the policy, or empty. */
    Optional<String> problem(String url) {
        try {
            target(url);
            return Optional.empty();
        } catch (RefusedException e) {
            return Optional.of(e.getMessage());
        }
    }

    private record Target(URI uri, String scheme, String host, int port, InetAddress pinned) {}

    private Target target(String url) throws RefusedException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new RefusedException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedException("must be an http or https URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) throw new RefusedException("has no host");
        AddressPolicy.Verdict verdict = policy.apply(host);
        if (verdict.problem().isPresent()) {
            throw new RefusedException(verdict.problem().get() + "; connections there are not allowed");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Target(uri, scheme, host, port, verdict.pinned());
    }

    /** The URL without credentials, query or fragment, for log lines. */
    static String redacted(String url) {
        try {
            URI u = new URI(url);
            if (u.getHost() == null) return "<invalid URL>";
            return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                    + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (Exception e) {
            return "<invalid URL>";
        }
    }

    /** Checks the URL, connects to the checked address and POSTs the body; throws when refused or unreachable. */
    Answer post(String url, Map<String, String> headers, byte[] body) throws IOException {
        Target t = target(url);
        if (t.pinned() == null) throw new IOException("the host " + t.host() + " does not resolve");
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(t.pinned(), t.port()), millis);
            socket.setSoTimeout(millis);
            Socket conn = socket;
            if (t.scheme().equals("https")) conn = tls(socket, t);
            write(conn.getOutputStream(), t, headers, body);
            return read(new BufferedInputStream(conn.getInputStream()));
        } finally {
            socket.close();
        }
    }

    private static SSLSocket tls(Socket socket, Target t) throws IOException {
        String name = t.host().startsWith("[") ? t.host().substring(1, t.host().length() - 1) : t.host();
        SSLSocket ssl;
        try {
            ssl = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket(socket, name, t.port(), true);
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no TLS available", e);
        }
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must match the name in the URL
        if (!isLiteral(name)) p.setServerNames(List.of(new SNIHostName(name)));
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        return ssl;
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static void write(OutputStream out, Target t, Map<String, String> headers, byte[] body) throws IOException {
        String path = t.uri().getRawPath() == null || t.uri().getRawPath().isEmpty()
                ? "/"
                : t.uri().getRawPath();
        if (t.uri().getRawQuery() != null) path += "?" + t.uri().getRawQuery();
        boolean defaultPort = t.port() == (t.scheme().equals("https") ? 443 : 80);
        StringBuilder head = new StringBuilder();
        head.append("POST ").append(path).append(" HTTP/1.1\r\n");
        head.append("Host: ")
                .append(t.host())
                .append(defaultPort ? "" : ":" + t.port())
                .append("\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if ((h.getKey() + h.getValue()).chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw new IOException("header " + h.getKey() + " holds a line break");
            }
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
    }

    private static Answer read(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("the answer is not HTTP/1.x: " + status);
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("the answer has no status code: " + status);
        }
        String location = null;
        int lines = 0;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            if (++lines > 200) throw new IOException("the answer has too many header lines");
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).strip().equalsIgnoreCase("location")) {
                location = h.substring(colon + 1).strip();
            }
        }
        return new Answer(code, location);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (buf.size() > MAX_HEAD) throw new IOException("the answer's header is too long");
            if (c != '\r') buf.write(c);
        }
        if (c == -1 && buf.size() == 0) throw new IOException("the connection closed before an answer");
        return buf.toString(StandardCharsets.ISO_8859_1);
    }
}
