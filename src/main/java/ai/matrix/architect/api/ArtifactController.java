package ai.matrix.architect.api;

import ai.matrix.architect.artifact.ArtifactInfo;
import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.job.JobNotFoundException;
import ai.matrix.architect.job.JobStore;
import java.io.IOException;
import java.util.Map;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A job's artifacts: the list, and each one's bytes by name. */
@RestController
class ArtifactController {
    private final Artifacts artifacts;
    private final JobStore store;

    ArtifactController(Artifacts artifacts, JobStore store) {
        this.artifacts = artifacts;
        this.store = store;
    }

    @GetMapping("/api/artifacts/{jobId}")
    Map<String, Object> list(@PathVariable String jobId) {
        store.get(jobId);
        return Map.of("items", artifacts.list(jobId));
    }

    @GetMapping("/api/artifacts/{jobId}/{name}")
    ResponseEntity<InputStreamResource> download(@PathVariable String jobId, @PathVariable String name)
            throws IOException {
        store.get(jobId);
        ArtifactInfo info =
                artifacts.find(jobId, name).orElseThrow(() -> new JobNotFoundException.ArtifactNotFound(jobId, name));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(info.mediaType()))
                .contentLength(info.size())
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline()
                                .filename(info.name())
                                .build()
                                .toString())
                .header("X-Content-SHA256", info.sha256())
                .body(new InputStreamResource(artifacts.open(info)));
    }
}
