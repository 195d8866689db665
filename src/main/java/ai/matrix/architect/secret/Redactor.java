package ai.matrix.architect.secret;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.springframework.stereotype.Component;

/**
 * Removes the values of secrets this process has handed out from text before it is stored: job log lines,
 * stage summaries and errors, text artifacts. Each value is matched plain, in base64 (standard and URL-safe, at
 * each of the three alignments it can have inside a longer encoded text), URL-encoded, and line by line when it
 * spans several lines.
 */
@Component
public class Redactor {
    public static final String MASK = "[REDACTED]";
    /** Shorter values (and lines of multi-line values) would mask ordinary text; they are not registered. */
    static final int MIN_LENGTH = 6;

    private final Set<String> needles = new CopyOnWriteArraySet<>();
    private volatile List<String> ordered = List.of();

    /** Remembers a secret value (and its encodings) so that it is masked from now on. */
    public void register(String value) {
        if (value == null || value.length() < MIN_LENGTH) return;
        List<String> forms = new ArrayList<>();
        forms.add(value);
        for (String line : value.split("\\R")) if (line.strip().length() >= MIN_LENGTH) forms.add(line.strip());
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            for (Base64.Encoder enc : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                String encoded = enc.withoutPadding().encodeToString(shifted);
                // only the characters made of the value's bits alone: the same wherever the value sits
                int start = (8 * offset + 5) / 6;
                int end = Math.min(encoded.length(), 8 * (offset + bytes.length) / 6);
                if (end - start >= MIN_LENGTH) forms.add(encoded.substring(start, end));
            }
        }
        String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
        forms.add(form);
        forms.add(form.replace("+", "%20"));
        StringBuilder all = new StringBuilder();
        for (byte b : bytes) all.append('%').append(String.format("%02X", b & 0xff));
        forms.add(all.toString());
        forms.add(all.toString().toLowerCase(java.util.Locale.ROOT));
        for (String f : forms) if (f.length() >= MIN_LENGTH) needles.add(f);
        ordered = needles.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String needle : ordered) {
            if (out.contains(needle)) out = out.replace(needle, MASK);
        }
        return out;
    }

    public boolean active() {
        return !ordered.isEmpty();
    }
}
