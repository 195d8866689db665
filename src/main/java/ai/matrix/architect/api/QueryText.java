package ai.matrix.architect.api;

import ai.matrix.architect.job.InvalidRequestException;

/** Query text goes into SQL parameters: no control characters (PostgreSQL refuses NUL) and a sane length. */
final class QueryText {
    static final int MAX = 2000;

    private QueryText() {}

    static void check(String value, String field) {
        if (value == null) return;
        if (value.length() > MAX) throw new InvalidRequestException(field, "is longer than " + MAX + " characters");
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException(field, "must not contain control characters");
        }
    }
}
