package ai.matrix.architect.recipe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The version of each recipe tool on this worker (the sandboxes see the worker's /usr), asked once and remembered:
 * what the catalog shows. A job records the version its own run reported.
 */
@Component
public class ToolVersions {
    /** What the catalog says of a tool that is not installed here. */
    public static final String NOT_INSTALLED = "not installed on this server";

    private final Map<String, String> known = new ConcurrentHashMap<>();

    public String of(Tool tool) {
        if (tool.pinned() != null) return tool.pinned();
        return known.computeIfAbsent(tool.name(), n -> ask(tool));
    }

    private static String ask(Tool tool) {
        String script = tool.presence() + " || exit 127; " + tool.versionCommand();
        try {
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
            // what the sandboxes see: the worker's /usr, not the server's own PATH
            pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown (" + tool.name() + " did not answer in time)";
            }
            if (p.exitValue() == 127) return NOT_INSTALLED;
            return out.lines().findFirst().orElse("unknown").strip();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }
}
