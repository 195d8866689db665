package ai.matrix.architect.evidence;

import ai.matrix.architect.job.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/keys/attestation}: the PEM public key that verifies this server's attestations; with
 * {@code ?key_id=} (an envelope's {@code keyid}), the key of any process of the deployment, since processes that
 * generated their own keys sign with different ones.
 */
@RestController
class AttestationKeyController {
    private static final java.util.regex.Pattern KEY_ID = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    private final AttestationKeys keys;
    private final AttestationKeyRegistry registry;

    AttestationKeyController(AttestationKeys keys, AttestationKeyRegistry registry) {
        this.keys = keys;
        this.registry = registry;
    }

    @GetMapping(value = "/api/keys/attestation", produces = "application/x-pem-file")
    ResponseEntity<String> publicKey(@RequestParam(name = "key_id", required = false) String keyId) {
        String id = keyId == null ? keys.keyId() : keyId;
        if (!KEY_ID.matcher(id).matches()) {
            throw new InvalidRequestException(
                    "key_id", "must be a key id: 64 lowercase hex digits (an envelope's signatures[].keyid)");
        }
        String pem = registry.find(id)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "no process of this deployment signs with the key " + id));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-pem-file"))
                .header("X-Key-Id", id)
                .body(pem);
    }
}
