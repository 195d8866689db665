package ai.matrix.architect.patch;

import ai.matrix.architect.artifact.Artifacts;
import ai.matrix.architect.engine.StageContext;
import ai.matrix.architect.job.JobRequest;
import ai.matrix.architect.recipe.Recipe;
import ai.matrix.architect.recipe.RecipeCatalog;
import ai.matrix.architect.recipe.Tool;
import ai.matrix.architect.sandbox.OutputExcerpt;
import ai.matrix.architect.sandbox.SandboxException;
import ai.matrix.architect.sandbox.SandboxResult;
import ai.matrix.architect.sandbox.Sandboxes;
import ai.matrix.architect.workspace.SandboxGit;
import ai.matrix.architect.workspace.Workspace;
import ai.matrix.architect.workspace.WorkspaceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, String> versions = new LinkedHashMap<>();
        List<String> report = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        OutputExcerpt excerpt = new OutputExcerpt(8);
        SandboxResult r;
        try (SandboxGit git = ws.sandboxGit()) {
            r = sandboxes.run(
                    recipe.command(op.args()), ws.workTree(), ctx.job().spec().allowNetwork(), line -> {
                        ctx.log().line(line);
                        if (line.startsWith(Recipe.TOOL_LINE)) {
                            String[] parts =
                                    line.substring(Recipe.TOOL_LINE.length()).split(" ", 2);
                            versions.put(parts[0], parts.length > 1 ? parts[1].strip() : "");
                        } else if (line.startsWith(Recipe.MISSING_LINE)) {
                            missing.add(
                                    line.substring(Recipe.MISSING_LINE.length()).strip());
                        } else if (line.startsWith(Recipe.REPORT_LINE)) {
                            report.add(
                                    line.substring(Recipe.REPORT_LINE.length()).strip());
                        } else {
                            excerpt.accept(line);
                        }
                    });
        }
        if (!missing.isEmpty()) throw new WorkspaceException(missingTool(recipe, missing.getFirst()));
        if (!r.succeeded()) {
            throw new WorkspaceException("recipe " + recipe.name() + " (" + describe(versions) + ") failed: "
                    + r.describe() + excerpt.asSuffix());
        }
        return outcome(recipe, at, args, versions, report, before, ws, ctx, number);
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
