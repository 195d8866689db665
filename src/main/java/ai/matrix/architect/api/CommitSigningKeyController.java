package ai.matrix.architect.api;

import ai.matrix.architect.workspace.CommitSigningKeyRegistry;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/keys/commit-signing}: the OpenSSH public keys that verify the commits this deployment signs, one
 * per line (one per process that generated its own); {@code ?format=allowed-signers} gives the lines for git's
 * {@code gpg.ssh.allowedSignersFile}. 404 when no process signs commits.
 */
@RestController
class CommitSigningKeyController {
    private final CommitSigningKeyRegistry keys;

    CommitSigningKeyController(CommitSigningKeyRegistry keys) {
        this.keys = keys;
    }

    @GetMapping(value = "/api/keys/commit-signing", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> publicKeys(@RequestParam(required = false) String format) {
        List<String> lines = "allowed-signers".equals(format) ? keys.allowedSigners() : keys.publicKeys();
        if (lines.isEmpty()) return ResponseEntity.notFound().build();
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(String.join("\n", lines) + "\n");
    }
}
