package ai.matrix.architect.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Plain git for building fixture repositories in tests: no user configuration, a fixed author. */
public final class TestGit {
    private TestGit() {}

    /** Runs git in {@code dir}; returns its output, or throws with it when git fails. */
    public static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "init.defaultBranch=main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("GIT_"));
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_AUTHOR_NAME", "Fixture");
        pb.environment().put("GIT_AUTHOR_EMAIL", "fixture@example.com");
        pb.environment().put("GIT_COMMITTER_NAME", "Fixture");
        pb.environment().put("GIT_COMMITTER_EMAIL", "fixture@example.com");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
        return out;
    }
}
