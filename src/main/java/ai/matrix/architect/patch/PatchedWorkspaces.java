package ai.matrix.architect.patch;

import ai.matrix.architect.artifact.ArtifactInfo;
import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.StageName;
import ai.matrix.architect.workspace.RecordedCommit;
import ai.matrix.architect.workspace.RepoLocator;
import ai.matrix.architect.workspace.Workspace;
import ai.matrix.architect.workspace.Workspaces;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
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
        RecordedCommit commit = RecordedCommit.unchanged(patch.baseCommit());
        if (!patch.changedNothing()) {
            commit = new RecordedCommit(
                    patch.baseCommit(),
                    patch.resultCommit(),
                    text(job, PatchStage.DIFF_ARTIFACT)
                            .orElseThrow(() -> new IllegalStateException("the PATCH diff artifact is missing")),
                    Instant.parse(patch.commitTime()),
                    patch.commitMessage(),
                    text(job, PatchStage.COMMIT_ARTIFACT).orElse(null));
        }
        return workspaces.atResult(job.id(), locator.locate(job.spec().repo()), commit);
    }

    private Optional<String> text(Job job, String artifact) throws IOException {
        Optional<ArtifactInfo> info = artifacts.find(job.id(), artifact);
        if (info.isEmpty()) return Optional.empty();
        try (InputStream in = artifacts.open(info.get())) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
