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
import tools.jackson.databind.ObjectMapper;

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
    private final ObjectMapper json;

    PatchedWorkspaces(Workspaces workspaces, RepoLocator locator, Artifacts artifacts, ObjectMapper json) {
        this.json = json;
        this.workspaces = workspaces;
        this.locator = locator;
        this.artifacts = artifacts;
    }

    public Workspace of(Job job) throws IOException {
        PatchOutput patch = json.treeToValue(job.stage(StageName.PATCH).output(), PatchOutput.class);
        String base = patch.baseCommit();
        String result = patch.resultCommit();
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
            time = Instant.parse(patch.commitTime());
            message = patch.commitMessage();
        }
        return workspaces.atResult(job.id(), locator.locate(job.spec().repo()), base, result, diff, time, message);
    }
}
