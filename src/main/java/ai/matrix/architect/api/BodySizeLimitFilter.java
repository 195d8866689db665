package ai.matrix.architect.api;

import ai.matrix.architect.security.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies (default 5 MiB) and refuses text that is not UTF-8. A declared length over the cap is
 * refused at once; a body streamed without a length (chunked) is read up to the cap and refused with the same 413
 * when it goes over. A text body is decoded strictly before anything parses it, so that an overlong form such
 * as {@code C0 AF} is refused rather than read as "/" by a lenient decoder.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodySizeLimitFilter extends OncePerRequestFilter {
    private final long limit;
    private final ProblemWriter problems;

    BodySizeLimitFilter(@Value("${architect.max-body-size:5MB}") DataSize limit, ProblemWriter problems) {
        this.limit = Math.min(limit.toBytes(), Integer.MAX_VALUE - 16);
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        if (req.getContentLengthLong() > limit) {
            tooLarge(res);
            return;
        }
        if (!hasBody(req) || isForm(req)) {
            chain.doFilter(req, res);
            return;
        }
        byte[] body = req.getInputStream().readNBytes((int) limit + 1);
        if (body.length > limit) {
            tooLarge(res);
            return;
        }
        OptionalLong bad = isText(req) ? firstInvalidUtf8(body) : OptionalLong.empty();
        if (bad.isPresent()) {
            String message = "is not valid UTF-8 (at byte " + bad.getAsLong() + ")";
            problems.write(res, 400, "Malformed request", "body " + message + ".", "body", message);
            return;
        }
        chain.doFilter(new Buffered(req, body), res);
    }

    private void tooLarge(HttpServletResponse res) throws IOException {
        // the client may still be sending: close the connection rather than read the rest
        res.setHeader("Connection", "close");
        problems.write(
                res,
                413,
                "Request body too large",
                "The request body is larger than the limit of " + limit + " bytes.");
    }

    private static boolean hasBody(HttpServletRequest req) {
        return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
    }

    /** Form bodies are read by the container for its parameters; no endpoint takes one. */
    private static boolean isForm(HttpServletRequest req) {
        String type = req.getContentType();
        return type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/"));
    }

    private static boolean isText(HttpServletRequest req) {
        String type = req.getContentType();
        if (type == null) return true;
        String t = type.toLowerCase(java.util.Locale.ROOT);
        return t.contains("json") || t.contains("yaml") || t.startsWith("text/");
    }

    /** The offset of the first byte that does not decode as UTF-8 (overlong forms and surrogates included). */
    static OptionalLong firstInvalidUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = in.hasRemaining() ? decoder.decode(in, out, true) : decoder.flush(out);
            if (r.isError()) return OptionalLong.of(in.position());
            if (r.isOverflow()) {
                out.clear();
            } else if (!in.hasRemaining()) {
                return OptionalLong.empty();
            }
        }
    }

    /** The request with its body already read, served from memory. */
    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest req, byte[] body) {
            super(req);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buf, int off, int len) {
                    return in.read(buf, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener l) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }
    }
}
