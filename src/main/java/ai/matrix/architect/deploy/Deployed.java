package ai.matrix.architect.deploy;

import java.util.Map;

/**
 * What a deploy (or a rollback) put on the target.
 *
 * @param digests what was deployed, by name: image references, {@code manifests} (sha256 of the rendered
 *     manifests), {@code chart}, {@code values}, {@code gitops_commit}
 * @param manifests the rendered manifests, kept with the release so that a rollback can re-apply them
 * @param revision the target's own revision (a Helm release revision, a GitOps commit), when it has one
 * @param output what the target printed (a command's output), capped
 * @param details type-specific facts for the stage output (a command's exit code and duration)
 */
public record Deployed(
        Map<String, String> digests, String manifests, String revision, String output, Map<String, Object> details) {
    public Deployed {
        digests = digests == null ? Map.of() : Map.copyOf(digests);
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static Deployed of(Map<String, String> digests) {
        return new Deployed(digests, null, null, null, null);
    }

    /** {@code sha256:<hex>} of the text, as digests are written. */
    public static String sha256(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
