package ai.matrix.architect.job;

import tools.jackson.core.JacksonException;

/** One problem with one field of a request, in the shape of API.md's problem details. */
public record FieldError(String field, String message) {

    /** Where in a JSON document a binding error happened, written as field names are here: {@code steps[0].ops[1].op}. */
    public static String pathOf(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
