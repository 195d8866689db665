package ai.matrix.architect.recipe;

/**
 * A program a recipe runs.
 *
 * @param name its name, as messages and the recorded versions say it
 * @param presence a shell condition that holds when the program is there ({@code command -v black})
 * @param versionCommand a shell command that prints its version on one line
 * @param source where it comes from ("the Debian package black", "npm: eslint 10.15.0 …"), for the catalog and for
 *     the message that says it is missing
 * @param pinned the version fetched from a registry, or null for a program of the worker (whose version the
 *     catalog asks it)
 */
public record Tool(String name, String presence, String versionCommand, String source, String pinned) {

    /** A program of the worker. */
    Tool(String name, String presence, String versionCommand, String source) {
        this(name, presence, versionCommand, source, null);
    }

    /** A Python program of a Debian package; its version is the installed distribution's. */
    static Tool debianPython(String name, String distribution) {
        return new Tool(
                name,
                onPath(name),
                "python3 -c 'import importlib.metadata as m; print(m.version(\"" + distribution + "\"))'",
                "the Debian package " + name + " (the sandbox sees the worker's /usr)");
    }

    static String onPath(String name) {
        return "command -v " + name + " >/dev/null 2>&1";
    }
}
