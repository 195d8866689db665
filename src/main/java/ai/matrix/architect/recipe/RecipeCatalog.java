package ai.matrix.architect.recipe;

import ai.matrix.architect.job.FieldError;
import ai.matrix.architect.job.JobRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Every recipe this server runs, and the rules a recipe op keeps: a known name and arguments of the right type. */
public final class RecipeCatalog {
    /** Every recipe, by ecosystem. */
    public static final List<Recipe> ALL = Stream.of(PythonRecipes.all(), JavaScriptRecipes.all())
            .flatMap(List::stream)
            .toList();

    private RecipeCatalog() {}

    public static Optional<Recipe> named(String name) {
        return ALL.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The names of the {@code limit} recipes whose names are nearest to {@code name} (edit distance). */
    public static List<String> similar(String name, int limit) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return ALL.stream()
                .map(Recipe::name)
                .sorted(Comparator.comparingInt((String r) -> distance(n, r)).thenComparing(r -> r))
                .limit(limit)
                .toList();
    }

    /** The problems of a recipe op, each named by its field under {@code at} ({@code plan.steps[0].ops[1]}). */
    public static void check(JobRequest.Op op, String at, List<FieldError> errors) {
        if (op.name() == null || op.name().isBlank()) {
            errors.add(new FieldError(
                    at + ".name", "is required for recipe: one of " + String.join(", ", similar("", 6)) + ", …"));
            return;
        }
        Optional<Recipe> recipe = named(op.name());
        if (recipe.isEmpty()) {
            errors.add(new FieldError(
                    at + ".name",
                    "names no recipe of this server ('" + abbreviate(op.name()) + "'); similar: "
                            + String.join(", ", similar(op.name(), 3)) + " (GET /api/recipes lists them all)"));
            return;
        }
        checkArgs(recipe.get(), op.args() == null ? Map.of() : op.args(), at + ".args", errors);
    }

    private static void checkArgs(Recipe recipe, Map<String, Object> given, String at, List<FieldError> errors) {
        List<String> names = recipe.args().stream().map(RecipeArg::name).toList();
        for (String key : given.keySet()) {
            if (!names.contains(key)) {
                errors.add(new FieldError(
                        at + "." + abbreviate(key),
                        "is not an argument of " + recipe.name() + " (it takes "
                                + (names.isEmpty() ? "none" : String.join(", ", names)) + ")"));
            }
        }
        for (RecipeArg a : recipe.args()) {
            Object v = given.get(a.name());
            if (v == null) {
                if (a.isRequired()) errors.add(new FieldError(at + "." + a.name(), "is required: " + a.description()));
                continue;
            }
            String problem = a.problem(v);
            if (problem != null) errors.add(new FieldError(at + "." + a.name(), problem));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** Levenshtein distance, with a match of one name's start counting as near. */
    static int distance(String a, String b) {
        if (!a.isEmpty() && (b.startsWith(a) || b.contains(a))) return Math.max(0, b.length() - a.length()) / 4;
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The recipes that fix what a failed lint or format check reports, for the repository's ecosystems. */
    public static List<Recipe> repairs(List<String> ecosystems) {
        List<Recipe> out = new ArrayList<>();
        for (Recipe r : ALL) if (r.repairs() && ecosystems.contains(r.ecosystem())) out.add(r);
        return out;
    }
}
