package ai.matrix.architect.recipe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses recipes for a goal without a model, deterministically: a recipe is chosen when one of its synonyms (or
 * its name's words) appears in the goal, each word matching a goal word that begins with it; a recipe whose tools
 * another chosen recipe runs too is left out; versions named in the goal ("Python 3.11") become arguments. Only the
 * recipes of the repository's detected ecosystems are proposed.
 */
public final class GoalMatcher {
    private static final Pattern PYTHON_VERSION =
            Pattern.compile("\\bpython\\s*(?:version\\s*)?(3\\.\\d{1,2})\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TO_VERSION =
            Pattern.compile("\\bto\\s+v?(\\d+(?:\\.\\d+)+)\\b", Pattern.CASE_INSENSITIVE);

    private GoalMatcher() {}

    /** A recipe chosen for the goal, with its arguments and the reason. */
    public record Choice(Recipe recipe, Map<String, Object> args, String reason) {}

    /** The recipes chosen, or (when {@code choices} is empty) the sentence saying why none was. */
    public record Match(List<Choice> choices, String failure) {
        public boolean matched() {
            return !choices.isEmpty();
        }
    }

    public static Match match(String goal, List<String> ecosystems) {
        String text = goal == null ? "" : goal.toLowerCase(Locale.ROOT);
        List<String> words = Arrays.stream(text.split("[^a-z0-9.+]+"))
                .map(w -> w.replaceAll("^\\.+|\\.+$", ""))
                .filter(w -> !w.isEmpty())
                .toList();
        Map<Recipe, String> hits = new LinkedHashMap<>();
        for (Recipe r : RecipeCatalog.ALL) phrase(r, words).ifPresent(p -> hits.put(r, p));
        hits.keySet().removeIf(r -> coveredByAnother(r, hits.keySet()));
        List<Choice> choices = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        for (var hit : hits.entrySet()) {
            Recipe r = hit.getKey();
            if (!ecosystems.contains(r.ecosystem())) {
                elsewhere.add(r.name() + " (for " + r.ecosystem() + " projects)");
                continue;
            }
            choice(r, hit.getValue(), goal == null ? "" : goal).ifPresent(choices::add);
        }
        if (!choices.isEmpty()) return new Match(List.copyOf(choices), null);
        String found = ecosystems.isEmpty() ? "no ecosystem was detected" : "it is " + String.join(", ", ecosystems);
        if (!elsewhere.isEmpty()) {
            return new Match(
                    List.of(),
                    "The goal asks for " + String.join(", ", elsewhere) + ", which the repository is not (" + found
                            + ").");
        }
        return new Match(
                List.of(),
                "No recipe matches the goal (the repository: " + found + "); the closest recipes are "
                        + String.join(", ", closest(words, 3)) + " (GET /api/recipes lists them all).");
    }

    /** The recipe's synonym (or name) found in the goal, the longest first. */
    private static Optional<String> phrase(Recipe r, List<String> words) {
        List<String> phrases = new ArrayList<>(r.synonyms());
        phrases.add(r.name().substring(r.name().indexOf('.') + 1).replace('-', ' '));
        return phrases.stream()
                .filter(p ->
                        Arrays.stream(p.split(" ")).allMatch(w -> words.stream().anyMatch(g -> g.startsWith(w))))
                .max(Comparator.comparingInt(p -> p.split(" ").length));
    }

    private static boolean coveredByAnother(Recipe r, java.util.Set<Recipe> chosen) {
        return chosen.stream()
                .anyMatch(c -> c != r
                        && c.ecosystem().equals(r.ecosystem())
                        && c.tools().size() > r.tools().size()
                        && new HashSet<>(c.tools()).containsAll(r.tools()));
    }

    private static Optional<Choice> choice(Recipe r, String phrase, String goal) {
        Map<String, Object> args = new LinkedHashMap<>();
        StringBuilder reason = new StringBuilder(
                "the goal says \"" + phrase + "\" and the repository is a " + r.ecosystem() + " project");
        for (RecipeArg a : r.args()) {
            Optional<MatchResult> named = versionIn(goal, r, a);
            if (named.isPresent()) {
                args.put(a.name(), named.get().group(1));
                reason.append("; the goal names \"")
                        .append(named.get().group())
                        .append("\": ")
                        .append(a.name())
                        .append(' ')
                        .append(named.get().group(1));
            } else if (a.isRequired()) {
                return Optional.empty();
            } else {
                reason.append("; ").append(a.name()).append(" defaults to ").append(a.defaultValue());
            }
        }
        return Optional.of(new Choice(r, args, reason.toString()));
    }

    private static Optional<MatchResult> versionIn(String goal, Recipe r, RecipeArg a) {
        if (a.type() != RecipeArg.Type.VERSION) return Optional.empty();
        Matcher m = (r.ecosystem().equals("python") && a.name().equals("target") ? PYTHON_VERSION : TO_VERSION)
                .matcher(goal);
        return m.find() ? Optional.of(m.toMatchResult()) : Optional.empty();
    }

    /** The recipes whose names and descriptions share the most words with the goal. */
    private static List<String> closest(List<String> words, int limit) {
        return RecipeCatalog.ALL.stream()
                .sorted(Comparator.comparingLong((Recipe r) -> -overlap(r, words))
                        .thenComparing(Recipe::name))
                .limit(limit)
                .map(r -> r.name() + " (" + r.description() + ")")
                .toList();
    }

    private static long overlap(Recipe r, List<String> words) {
        String about =
                (r.name() + " " + r.description() + " " + String.join(" ", r.synonyms())).toLowerCase(Locale.ROOT);
        return words.stream().filter(w -> w.length() > 2 && about.contains(w)).count();
    }
}
