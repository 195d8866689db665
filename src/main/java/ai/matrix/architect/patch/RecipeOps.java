package ai.matrix.architect.patch;

import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.ecosystem.Ecosystems;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.recipe.Recipe;
import ai.matrix.architect.recipe.RecipeCatalog;
import ai.matrix.architect.recipe.Tool;
import ai.matrix.architect.sandbox.OutputExcerpt;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxRequest;
import ai.matrix.architect.sandbox.SandboxResult;
import ai.matrix.architect.sandbox.Sandboxes;
import ai.matrix.architect.sandbox.egress.RegistryAccess;
import ai.matrix.architect.workspace.SandboxGit;
import ai.matrix.architect.workspace.Workspace;
import ai.matrix.architect.workspace.WorkspaceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs recipe ops in the sandbox, like run ops, and keeps what each did: its own diff (the work tree before and
 * after it, as git trees), the tools' versions, its arguments; a recipe that changes nothing is skipped, with the
 * reason. A missing tool is named with where it comes from; a failing one with its version and its last lines.
 */
final class RecipeOps {
    private final Sandboxes sandboxes;
    private final Artifacts artifacts;

    RecipeOps(Sandboxes sandboxes, Artifacts artifacts) {
        this.sandboxes = sandboxes;
        this.artifacts = artifacts;
    }

    RecipeOutcome apply(JobRequest.Op op, String at, Workspace ws, StageContext ctx, int number)
            throws SandboxException {
        Recipe recipe = RecipeCatalog.named(op.name())
                .orElseThrow(() -> new WorkspaceException("recipe: no recipe is named '" + op.name() + "'"));
        Map<String, String> args = recipe.resolve(op.args());
        ctx.log().line("  recipe " + recipe.name() + " " + args);
        String before = tree(ws);
        Lines lines = new Lines(ctx);
        SandboxResult r;
        try (SandboxGit git = ws.sandboxGit()) {
            r = run(
                    recipe,
                    op,
                    sandboxes.request(recipe.command(op.args()), ws.workTree(), Map.of(), null, false, null, lines),
                    ctx);
        }
        Map<String, String> versions = lines.versions;
        if (!lines.missing.isEmpty()) throw new WorkspaceException(missingTool(recipe, lines.missing.getFirst()));
        if (!r.succeeded() && recipe.fetch() != null && versions.isEmpty()) {
            throw new WorkspaceException("recipe " + recipe.name() + " could not fetch "
                    + recipe.tools().stream().map(Tool::source).collect(Collectors.joining("; ")) + ": "
                    + r.describe() + lines.excerpt.asSuffix());
        }
        if (!r.succeeded()) {
            throw new WorkspaceException("recipe " + recipe.name() + " (" + describe(versions) + ") failed: "
                    + r.describe() + lines.excerpt.asSuffix());
        }
        List<String> report = lines.report;
        return outcome(recipe, at, args, versions, report, before, ws, ctx, number);
    }

    /**
     * Runs the recipe with no network; one that fetches first does so through the egress proxy (its ecosystem's
     * registry only) into the project's cache, shared by the project's jobs.
     */
    private SandboxResult run(Recipe recipe, JobRequest.Op op, SandboxRequest request, StageContext ctx)
            throws SandboxException {
        String fetch = recipe.fetchCommand(op.args());
        if (fetch == null) return sandboxes.run(request);
        RegistryAccess registry = Ecosystems.registryFor(recipe.ecosystem())
                .orElseThrow(() -> new WorkspaceException(
                        "recipe " + recipe.name() + ": the " + recipe.ecosystem() + " ecosystem has no registry"));
        if (!sandboxes.mountsCaches() || !sandboxes.egressProxySupported()) {
            throw new WorkspaceException("recipe " + recipe.name() + " fetches its tools through the egress proxy"
                    + " into the project's cache, which the " + sandboxes.describe() + " sandbox cannot do");
        }
        return sandboxes.runWithDependencies(registry, fetch, request, ctx.job().project() + "\nrecipe-tools");
    }

    private RecipeOutcome outcome(
            Recipe recipe,
            String at,
            Map<String, String> args,
            Map<String, String> versions,
            List<String> report,
            String before,
            Workspace ws,
            StageContext ctx,
            int number) {
        String after = tree(ws);
        String diff = before.equals(after) ? "" : ws.git("diff", "--no-color", before, after);
        if (diff.isEmpty()) {
            String reason = recipe.name() + " changed nothing (" + describe(versions) + " found nothing to change)";
            ctx.log().line("  skipped: " + reason);
            return new RecipeOutcome(
                    at, recipe.name(), args, versions, RecipeOutcome.SKIPPED, reason, List.of(), 0, null, report);
        }
        List<String> files = List.of(ws.git("diff", "--name-only", before, after)
                .lines()
                .filter(l -> !l.isBlank())
                .toArray(String[]::new));
        String name = "recipe-" + number + "-" + recipe.name() + ".diff";
        var artifact = artifacts.putText(ctx.job().id(), "PATCH", name, "patch", "text/x-diff", diff);
        int lines = PatchStage.countChangedLines(diff);
        ctx.log().line("  " + recipe.name() + " changed " + files.size() + " file(s), " + lines + " line(s)");
        return new RecipeOutcome(
                at, recipe.name(), args, versions, RecipeOutcome.APPLIED, null, files, lines, artifact.id(), report);
    }

    /** The recipe's output: into the log, with its marked lines (tool versions, missing tools, reports) read. */
    private static final class Lines implements Consumer<String> {
        final Map<String, String> versions = new LinkedHashMap<>();
        final List<String> report = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        final OutputExcerpt excerpt = new OutputExcerpt(8);
        private final StageContext ctx;

        Lines(StageContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public synchronized void accept(String line) {
            ctx.log().line(line);
            if (line.startsWith(Recipe.TOOL_LINE)) {
                String[] parts = line.substring(Recipe.TOOL_LINE.length()).split(" ", 2);
                versions.put(parts[0], parts.length > 1 ? parts[1].strip() : "");
            } else if (line.startsWith(Recipe.MISSING_LINE)) {
                missing.add(line.substring(Recipe.MISSING_LINE.length()).strip());
            } else if (line.startsWith(Recipe.REPORT_LINE)) {
                report.add(line.substring(Recipe.REPORT_LINE.length()).strip());
            } else {
                excerpt.accept(line);
            }
        }
    }

    /** The work tree as a git tree, everything git would add staged. */
    private static String tree(Workspace ws) {
        ws.git("add", "-A", "--", ".");
        return ws.git("write-tree").strip();
    }

    private static String missingTool(Recipe recipe, String toolName) {
        String source = recipe.tool(toolName).map(Tool::source).orElse(toolName);
        return "recipe " + recipe.name() + " needs " + toolName + ", which is not installed where the sandbox looks"
                + " (its PATH); install " + source;
    }

    private static String describe(Map<String, String> versions) {
        if (versions.isEmpty()) return "no tool started";
        return versions.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
