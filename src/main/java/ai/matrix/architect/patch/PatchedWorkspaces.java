package ai.matrix.architect.patch;

import ai.matrix.architect.artifact.ArtifactInfo;
import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.workspace.RepoLocator;
import ai.matrix.architect.workspace.Workspace;
import ai.matrix.architect.workspace.Workspaces;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The job's workspace at PATCH's result commit on whichever worker asks: reused when this worker has it,
 * otherwise rebuilt from PATCH's checkpoint (base commit, diff artifact, commit time), so that a stage resumed
 * on another worker sees exactly the same tree.
 */
@Component
public class PatchedWorkspaces {
    private final Workspaces workspaces;
    private final RepoLocator locator;
    private final Artifacts artifacts;

    PatchedWorkspaces(Workspaces workspaces, RepoLocator locator, Artifacts artifacts) {
        this.workspaces = workspaces;
        this.locator = locator;
        this.artifacts = artifacts;
    }

    public Workspace of(Job job) throws IOException {
        JsonNode patch = job.stage(StageName.PATCH).output();
        String base = patch.get("base_commit").asString();
        String result = patch.get("result_commit").asString();
        String diff = "";
        Instant time = null;
        String message = null;
        if (!base.equals(result)) {
            ArtifactInfo info = artifacts
                    .find(job.id(), PatchStage.DIFF_ARTIFACT)
                    .orElseThrow(() -> new IllegalStateException("the PATCH diff artifact is missing"));
            try (InputStream in = artifacts.open(info)) {
                diff = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            time = Instant.parse(patch.get("commit_time").asString());
            message = patch.get("commit_message").asString();
        }
        return workspaces.atResult(job.id(), locator.locate(job.spec().repo()), base, result, diff, time, message);
    }
}
