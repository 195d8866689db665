package ai.matrix.architect.evidence;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/keys/attestation}: the PEM public key that verifies this server's attestations. */
@RestController
class AttestationKeyController {
    private final AttestationKeys keys;

    AttestationKeyController(AttestationKeys keys) {
        this.keys = keys;
    }

    @GetMapping(value = "/api/keys/attestation", produces = "application/x-pem-file")
    ResponseEntity<String> publicKey() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-pem-file"))
                .header("X-Key-Id", keys.keyId())
                .body(keys.publicPem());
    }
}
