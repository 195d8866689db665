package ai.matrix.architect.evidence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Dead Simple Signing Envelope (DSSE v1): the signature covers the pre-authentication encoding (PAE) of the
 * payload type and the payload bytes; payload and signature are standard base64; signatures are ECDSA P-256
 * with SHA-256 in DER form.
 */
public final class Dsse {
    public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
    public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Dsse() {}

    /** {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths in bytes as ASCII decimals. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + payload.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }

    /** The envelope JSON of the payload, signed with the key. */
    public static ObjectNode sign(String payloadType, byte[] payload, PrivateKey key, String keyId) {
        try {
            Signature s = Signature.getInstance(SIGNATURE_ALGORITHM);
            s.initSign(key);
            s.update(pae(payloadType, payload));
            byte[] sig = s.sign();
            ObjectNode env = JSON.createObjectNode();
            env.put("payloadType", payloadType);
            env.put("payload", Base64.getEncoder().encodeToString(payload));
            ObjectNode signature = env.putArray("signatures").addObject();
            signature.put("keyid", keyId);
            signature.put("sig", Base64.getEncoder().encodeToString(sig));
            return env;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }

    /** True when the DER signature over the PAE of the payload verifies with the key. */
    public static boolean verify(String payloadType, byte[] payload, byte[] derSignature, PublicKey key) {
        try {
            Signature s = Signature.getInstance(SIGNATURE_ALGORITHM);
            s.initVerify(key);
            s.update(pae(payloadType, payload));
            return s.verify(derSignature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Hex SHA-256 of the bytes (the digest that names payloads, files and statements). */
    public static String sha256(byte[] bytes) {
        return EvidenceRecorder.sha256(bytes);
    }

    static JsonMapper json() {
        return JSON;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isString() ? null : v.asString();
    }
}
