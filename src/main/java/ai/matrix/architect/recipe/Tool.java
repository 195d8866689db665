package ai.matrix.architect.recipe;

/**
 * A program a recipe runs.
 *
 * @param name the command's name on the sandbox's PATH
 * @param versionCommand a shell command that prints its version on one line
 * @param source where it comes from ("the Debian package black", "npm: eslint 9.39.1", …), for the catalog and for
 *     the message that says it is missing
 */
public record Tool(String name, String versionCommand, String source) {

    /** A Python program of a Debian package; its version is the installed distribution's. */
    static Tool debianPython(String name, String distribution) {
        return new Tool(
                name,
                "python3 -c 'import importlib.metadata as m; print(m.version(\"" + distribution + "\"))'",
                "the Debian package " + name + " (the sandbox sees the worker's /usr)");
    }
}
