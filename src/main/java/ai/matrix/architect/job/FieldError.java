package ai.matrix.architect.job;

/** One problem with one field of a request, in the shape of API.md's problem details. */
public record FieldError(String field, String message) {}
