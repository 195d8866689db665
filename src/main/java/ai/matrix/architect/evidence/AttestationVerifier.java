package ai.matrix.architect.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Offline verification of DSSE-enveloped in-toto statements: the envelope's shape, the signature over the PAE
 * with the given public key, the statement's type and subjects, and (optionally) that named files are among the
 * subjects with the same SHA-256. Each step adds a line saying what was checked.
 */
public final class AttestationVerifier {
    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";

    /** What was checked, and whether everything held. */
    public record Result(boolean ok, List<String> checked, List<String> problems) {}

    private final PublicKey key;
    private final String keyId;
    private final List<String> checked = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private AttestationVerifier(PublicKey key) {
        this.key = key;
        this.keyId = AttestationKeys.keyId(key);
    }

    /**
     * Verifies every envelope in the text: one JSON envelope, or several, one per line (the {@code .intoto.jsonl}
     * convention). {@code files} maps a subject name to the bytes it must hash to.
     */
    public static Result verify(String text, PublicKey key, Map<String, byte[]> files) {
        AttestationVerifier v = new AttestationVerifier(key);
        v.run(text, files);
        return new Result(
                v.problems.isEmpty() && !v.checked.isEmpty(), List.copyOf(v.checked), List.copyOf(v.problems));
    }

    private void run(String text, Map<String, byte[]> files) {
        List<String> envelopes = new ArrayList<>();
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            problems.add("the file is empty");
            return;
        }
        try {
            Dsse.json().readTree(trimmed);
            envelopes.add(trimmed);
        } catch (JacksonException e) {
            for (String line : trimmed.split("\n")) if (!line.isBlank()) envelopes.add(line);
        }
        List<JsonNode> subjects = new ArrayList<>();
        for (int i = 0; i < envelopes.size(); i++) {
            String where = envelopes.size() == 1 ? "" : "envelope " + (i + 1) + ": ";
            envelope(where, envelopes.get(i), subjects);
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) subjectFile(f.getKey(), f.getValue(), subjects);
    }

    private void envelope(String where, String text, List<JsonNode> subjects) {
        JsonNode env;
        try {
            env = Dsse.json().readTree(text);
        } catch (JacksonException e) {
            problems.add(where + "not JSON: " + e.getOriginalMessage());
            return;
        }
        String payloadType = Dsse.text(env, "payloadType");
        String payload64 = Dsse.text(env, "payload");
        JsonNode sigs = env.get("signatures");
        if (payloadType == null || payload64 == null || sigs == null || !sigs.isArray() || sigs.isEmpty()) {
            problems.add(where + "not a DSSE envelope (payloadType, payload and signatures are required)");
            return;
        }
        checked.add(where + "DSSE envelope with payloadType " + payloadType);
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(payload64);
        } catch (IllegalArgumentException e) {
            problems.add(where + "the payload is not standard base64: " + e.getMessage());
            return;
        }
        int valid = 0;
        for (JsonNode sig : sigs) {
            String kid = Dsse.text(sig, "keyid");
            String sig64 = Dsse.text(sig, "sig");
            if (sig64 == null) continue;
            byte[] der;
            try {
                der = Base64.getDecoder().decode(sig64);
            } catch (IllegalArgumentException e) {
                problems.add(where + "a signature is not standard base64");
                continue;
            }
            if (Dsse.verify(payloadType, payload, der, key)) {
                valid++;
                checked.add(where + "ECDSA P-256/SHA-256 signature over PAE(payloadType, payload) is valid for key "
                        + keyId + (keyId.equals(kid) ? " (keyid matches)" : " (keyid in envelope: " + kid + ")"));
            }
        }
        if (valid == 0) {
            problems.add(where + "no signature verifies with key " + keyId + ": the payload or signature was altered,"
                    + " or it was signed by another key");
            return;
        }
        if (!Dsse.IN_TOTO_PAYLOAD_TYPE.equals(payloadType)) {
            problems.add(where + "payloadType is " + payloadType + ", not " + Dsse.IN_TOTO_PAYLOAD_TYPE);
            return;
        }
        statement(where, payload, subjects);
    }

    private void statement(String where, byte[] payload, List<JsonNode> subjects) {
        JsonNode st;
        try {
            st = Dsse.json().readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            problems.add(where + "the payload is not JSON");
            return;
        }
        String type = Dsse.text(st, "_type");
        if (!STATEMENT_TYPE.equals(type)) {
            problems.add(where + "_type is " + type + ", not " + STATEMENT_TYPE);
            return;
        }
        JsonNode subject = st.get("subject");
        if (subject == null || !subject.isArray() || subject.isEmpty()) {
            problems.add(where + "the statement has no subject");
            return;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode s : subject) {
            JsonNode digest = s.get("digest");
            if (digest == null || !digest.isObject() || digest.isEmpty()) {
                problems.add(where + "subject " + Dsse.text(s, "name") + " has no digest");
                return;
            }
            subjects.add(s);
            names.add(Dsse.text(s, "name") + " "
                    + digest.propertyNames().iterator().next());
        }
        checked.add(where + "in-toto Statement v1, predicateType " + Dsse.text(st, "predicateType") + ", "
                + names.size() + " subject(s): " + String.join(", ", names));
    }

    private void subjectFile(String name, byte[] bytes, List<JsonNode> subjects) {
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (JsonNode s : subjects) {
            if (name.equals(Dsse.text(s, "name"))) {
                if (sha.equals(Dsse.text(s.get("digest"), "sha256"))) {
                    checked.add("file " + name + " has the subject's sha256 " + sha);
                } else {
                    problems.add("file " + name + " has sha256 " + sha + ", the attested subject another");
                }
                return;
            }
        }
        problems.add("no attested subject is named " + name);
    }
}
