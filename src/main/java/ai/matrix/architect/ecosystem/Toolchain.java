package ai.matrix.architect.ecosystem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The tools a sandbox finds (the host's /usr is what sandboxes see), and profile checks that need one. */
public final class Toolchain {
    private static final List<Path> TOOL_DIRS =
            List.of(Path.of("/usr/local/bin"), Path.of("/usr/bin"), Path.of("/bin"));

    private Toolchain() {}

    /** True when the tool is on the sandbox's PATH. */
    public static boolean has(String name) {
        return TOOL_DIRS.stream().anyMatch(d -> Files.isExecutable(d.resolve(name)));
    }

    /** The check {@code <profile>-<kind>}, unavailable with the reason when its tool is not installed. */
    static Check check(String profile, CheckKind kind, String command, Map<String, String> env, String tool) {
        String unavailable =
                has(tool) ? null : tool + " is not installed on this worker (looked in /usr/local/bin, /usr/bin, /bin)";
        return new Check(profile + "-" + kind.id(), profile, kind, command, null, env, null, unavailable);
    }
}
