package ai.matrix.architect.recipe;

import java.util.regex.Pattern;

/**
 * One argument of a recipe: its name, its type, its default (null when it is required) and what it means.
 * Values are checked by type before a recipe's command is written, so that no value can change the command's shape.
 */
public record RecipeArg(String name, Type type, String defaultValue, String description) {

    /** The types an argument may have, as {@code GET /api/recipes} names them. */
    public enum Type {
        /** A version such as {@code 3.11}, {@code 21} or {@code 2.1.0-rc1}, written as a string. */
        VERSION("version", "a version such as \"3.11\" (a string)", Pattern.compile("[0-9][0-9A-Za-z.+-]{0,39}")),
        /** A name such as a Maven group or artifact id, or an npm package name. */
        NAME(
                "name",
                "a name of letters, digits and . _ - @ / (a string)",
                Pattern.compile("[A-Za-z0-9@][A-Za-z0-9._@/-]{0,199}"));

        private final String id;
        private final String expected;
        private final Pattern pattern;

        Type(String id, String expected, Pattern pattern) {
            this.id = id;
            this.expected = expected;
            this.pattern = pattern;
        }

        public String id() {
            return id;
        }

        /** What a value must look like, for an error message. */
        public String expected() {
            return expected;
        }

        boolean accepts(Object value) {
            return value instanceof String s && pattern.matcher(s).matches();
        }
    }

    public static RecipeArg required(String name, Type type, String description) {
        return new RecipeArg(name, type, null, description);
    }

    public static RecipeArg optional(String name, Type type, String defaultValue, String description) {
        return new RecipeArg(name, type, defaultValue, description);
    }

    public boolean isRequired() {
        return defaultValue == null;
    }

    /** Why {@code value} is not a value of this argument, or null when it is. */
    String problem(Object value) {
        return type.accepts(value) ? null : "must be " + type.expected();
    }
}
