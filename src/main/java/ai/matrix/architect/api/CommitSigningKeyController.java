package ai.matrix.architect.api;

import ai.matrix.architect.workspace.CommitSigning;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/keys/commit-signing}: the OpenSSH public key that verifies the commits this server signs, one
 * line; {@code ?format=allowed-signers} gives the line for git's {@code gpg.ssh.allowedSignersFile}. 404 when
 * commit signing is off.
 */
@RestController
class CommitSigningKeyController {
    private final CommitSigning signing;

    CommitSigningKeyController(CommitSigning signing) {
        this.signing = signing;
    }

    @GetMapping(value = "/api/keys/commit-signing", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> publicKey(
            @org.springframework.web.bind.annotation.RequestParam(required = false) String format) {
        if (!signing.enabled()) return ResponseEntity.notFound().build();
        String body = "allowed-signers".equals(format) ? signing.allowedSigner() : signing.publicKey();
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(body + "\n");
    }
}
