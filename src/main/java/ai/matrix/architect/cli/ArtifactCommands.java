package ai.matrix.architect.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code artifacts list|download}: a job's artifacts through /api/artifacts. */
@Command(
        name = "artifacts",
        description = "A job's artifacts (logs, reports, diff, SBOM, attestations).",
        subcommands = {ArtifactCommands.ListArtifacts.class, ArtifactCommands.Download.class})
final class ArtifactCommands extends GroupCommand {

    @Command(name = "list", description = "List a job's artifacts (GET /api/artifacts/{job_id}).")
    static class ListArtifacts extends ClientCommand {
        @Parameters(arity = "1", paramLabel = "JOB_ID")
        String jobId;

        @Mixin
        OutputOption output;

        @Override
        int execute() throws Exception {
            JsonNode page = api().get("/api/artifacts/" + jobId);
            output.print(
                    out(),
                    page,
                    page.get("items"),
                    "The job has no artifacts yet.",
                    List.of(
                            OutputOption.Column.field("NAME", "name"),
                            OutputOption.Column.field("KIND", "kind"),
                            OutputOption.Column.field("STAGE", "stage"),
                            OutputOption.Column.field("SIZE", "size"),
                            OutputOption.Column.field("SHA256", "sha256")));
            return ExitCodes.SUCCEEDED;
        }
    }

    @Command(
            name = "download",
            description =
                    "Save an artifact (GET /api/artifacts/{job_id}/{name}) to a file, or '-' for standard output.")
    static class Download extends ClientCommand {
        @Parameters(index = "0", paramLabel = "JOB_ID")
        String jobId;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Option(
                names = {"-O", "--to"},
                paramLabel = "FILE",
                description = "Where to save it (default: NAME in the current directory; '-' for standard output)")
        String to;

        @Override
        int execute() throws Exception {
            byte[] bytes = api().getBytes("/api/artifacts/" + jobId + "/" + name);
            if ("-".equals(to)) {
                out().flush();
                System.out.write(bytes);
                System.out.flush();
                return ExitCodes.SUCCEEDED;
            }
            Path file = Path.of(to != null ? to : Path.of(name).getFileName().toString());
            Files.write(file, bytes);
            out().println("Saved " + name + " (" + bytes.length + " bytes) to " + file);
            return ExitCodes.SUCCEEDED;
        }
    }
}
