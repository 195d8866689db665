package ai.matrix.architect.artifact;

import java.time.Instant;

public record ArtifactInfo(
        String id,
        String jobId,
        String name,
        String kind,
        String mediaType,
        long size,
        String sha256,
        String stage,
        Instant createdAt) {}
