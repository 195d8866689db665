package ai.matrix.architect.evidence.osv;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps OSV's per-ecosystem exports ({@code <base>/<ecosystem>/all.zip}) in a database directory as
 * {@code <ecosystem>/all.zip}. A download goes to a temporary file beside the target and replaces it (atomic move)
 * only when it is a readable zip holding OSV JSON, so a failed or corrupt download leaves the old export in place.
 * The server's {@code ETag} and {@code Last-Modified} are kept beside the export ({@value #VALIDATORS}) and sent
 * back, so an unchanged export is answered 304 and not downloaded again.
 */
public final class OsvExports {
    static final String EXPORT = "all.zip";
    static final String VALIDATORS = ".all.zip.http";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final Path dir;
    private final Duration timeout;
    private final HttpClient http;

    /** What one ecosystem's refresh did: {@code downloaded}, {@code unchanged} or {@code failed}. */
    public record Outcome(String ecosystem, String status, String detail) {
        @Override
        public String toString() {
            return ecosystem + ": " + status + " (" + detail + ")";
        }
    }

    public OsvExports(String baseUrl, Path dir, Duration timeout) {
        this.base = baseUrl.replaceAll("/+$", "");
        this.dir = dir;
        this.timeout = timeout;
        Duration connect = timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30);
        this.http = HttpClient.newBuilder()
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Refreshes each ecosystem in turn; one failing does not stop the others. */
    public List<Outcome> refresh(List<String> ecosystems, Consumer<String> log) {
        List<Outcome> out = new ArrayList<>();
        for (String ecosystem : ecosystems) {
            Outcome o = refresh(ecosystem);
            log.accept("OSV export " + o);
            out.add(o);
        }
        return out;
    }

    public Outcome refresh(String ecosystem) {
        Path target = dir.resolve(ecosystem).resolve(EXPORT);
        Path part = null;
        try {
            Files.createDirectories(target.getParent());
            Properties validators = validators(target);
            HttpRequest.Builder req =
                    HttpRequest.newBuilder(uri(ecosystem)).timeout(timeout).GET();
            if (Files.isRegularFile(target)) {
                String etag = validators.getProperty("etag");
                String lastModified = validators.getProperty("last-modified");
                if (etag != null) req.header("If-None-Match", etag);
                if (lastModified != null) req.header("If-Modified-Since", lastModified);
            }
            // beside the target, so that the move is a rename on one file system; no .zip ending, so a
            // database read meanwhile does not take it for an export
            part = Files.createTempFile(target.getParent(), ".all.zip-", ".part");
            HttpResponse<Path> r = http.send(req.build(), HttpResponse.BodyHandlers.ofFile(part));
            if (r.statusCode() == 304) return new Outcome(ecosystem, "unchanged", "304 Not Modified");
            if (r.statusCode() != 200) {
                return new Outcome(ecosystem, "failed", "HTTP " + r.statusCode() + keeps(target));
            }
            int advisories = check(part);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Properties next = new Properties();
            r.headers().firstValue("ETag").ifPresent(v -> next.setProperty("etag", v));
            r.headers().firstValue("Last-Modified").ifPresent(v -> next.setProperty("last-modified", v));
            writeValidators(target, next);
            return new Outcome(
                    ecosystem,
                    "downloaded",
                    advisories + " advisories, " + Files.size(target) + " bytes, to " + target);
        } catch (IOException | UncheckedIOException e) {
            return new Outcome(ecosystem, "failed", e.getMessage() + keeps(target));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(ecosystem, "failed", "interrupted" + keeps(target));
        } finally {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // a leftover .part file is not read as a database and is replaced by the next refresh's
                }
            }
        }
    }

    private URI uri(String ecosystem) throws IOException {
        try {
            URI b = URI.create(base);
            String path = (b.getPath() == null ? "" : b.getPath()) + "/" + ecosystem + "/" + EXPORT;
            return new URI(b.getScheme(), b.getAuthority(), path, null, null);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("not a URL: " + base + "/" + ecosystem + "/" + EXPORT, e);
        }
    }

    /**
     * Reads every entry of the zip (its checksums are verified on the way) and parses the first JSON entry as an
     * OSV record; returns the number of JSON entries.
     */
    static int check(Path zip) throws IOException {
        int json = 0;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                try (InputStream in = z.getInputStream(e)) {
                    if (e.getName().endsWith(".json") && json++ == 0) {
                        JsonNode first = JSON.readTree(in.readAllBytes());
                        if (!first.isObject() || !first.hasNonNull("id")) {
                            throw new IOException(e.getName() + " is no OSV record (it has no id)");
                        }
                    } else {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
            }
        } catch (ZipException e) {
            throw new IOException("the download is not a readable zip: " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new IOException("the download holds a JSON entry that does not parse: " + e.getOriginalMessage(), e);
        }
        if (json == 0) throw new IOException("the download is a zip without OSV JSON entries");
        return json;
    }

    private static String keeps(Path target) {
        return Files.isRegularFile(target) ? "; the previous " + target + " is kept" : "";
    }

    private static Properties validators(Path target) throws IOException {
        Properties p = new Properties();
        Path f = target.resolveSibling(VALIDATORS);
        if (Files.isRegularFile(f)) {
            try (InputStream in = Files.newInputStream(f)) {
                p.load(in);
            }
        }
        return p;
    }

    private static void writeValidators(Path target, Properties p) throws IOException {
        Path f = target.resolveSibling(VALIDATORS);
        Path tmp = Files.createTempFile(target.getParent(), VALIDATORS, ".part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "validators of " + EXPORT + " as its server sent them");
            }
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
