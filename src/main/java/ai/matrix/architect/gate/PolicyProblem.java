package ai.matrix.architect.gate;

/**
 * Why a policy file was refused, with the position in the YAML file (1-based line and column) when known.
 *
 * @param rule the rule or risk entry the problem belongs to, or null for the file as a whole
 */
public record PolicyProblem(Integer line, Integer column, String rule, String message) {}
