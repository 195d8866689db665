package ai.matrix.architect.workspace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The git command line, hardened against hostile repositories: no system or global configuration, no hooks,
 * no fsmonitor, no submodules, no {@code ext::} or other transports beyond https, ssh and file, no prompts.
 * Commands run with the git directory and the work tree given explicitly, so that nothing a command inside
 * the work tree writes (a {@code .git} file, say) can redirect git.
 */
public final class Git {
    /** ssh as git runs it: no prompts, only known hosts. */
    static final String SSH_COMMAND = "ssh -o BatchMode=yes -o StrictHostKeyChecking=yes";

    private static final List<String> HARDENING = List.of(
            "-c", "core.hooksPath=/dev/null",
            "-c", "core.fsmonitor=false",
            "-c", "core.untrackedCache=false",
            "-c", "core.sshCommand=" + Git.SSH_COMMAND,
            "-c", "core.symlinks=true",
            "-c", "core.protectNTFS=true",
            "-c", "core.protectHFS=true",
            "-c", "protocol.allow=never",
            "-c", "protocol.https.allow=always",
            "-c", "protocol.ssh.allow=always",
            "-c", "protocol.file.allow=always",
            "-c", "submodule.recurse=false",
            "-c", "fetch.recurseSubmodules=false",
            "-c", "commit.gpgsign=false",
            "-c", "tag.gpgsign=false",
            "-c", "http.followRedirects=false",
            "-c", "credential.helper=",
            "-c", "safe.directory=*",
            "-c", "init.defaultBranch=main",
            "-c", "advice.detachedHead=false");

    /**
     * For a local ({@code file://} or path) remote, git runs the other side itself, in the remote repository,
     * with that repository's own configuration and hooks, and it deliberately drops the {@code -c} settings
     * above for it. A hostile local repository could then run its hooks (pre-receive, update, post-receive,
     * reference-transaction, …) or an auto-gc on the server. These programs carry the hardening across.
     */
    static final String LOCAL_RECEIVE_PACK =
            "git -c core.hooksPath=/dev/null -c core.fsmonitor=false -c receive.autogc=false -c gc.auto=0 receive-pack";

    static final String LOCAL_UPLOAD_PACK =
            "git -c core.hooksPath=/dev/null -c core.fsmonitor=false -c gc.auto=0 upload-pack";

    private Git() {}

    /**
     * The option that carries the hardening to the other side of a clone or fetch ({@code push} false) or a push
     * from {@code url}: for a local remote, git runs that side itself (see {@link #LOCAL_UPLOAD_PACK}).
     */
    public static String packOption(String url, boolean push) {
        if (push) return "--receive-pack=" + (isLocal(url) ? LOCAL_RECEIVE_PACK : "git-receive-pack");
        return "--upload-pack=" + (isLocal(url) ? LOCAL_UPLOAD_PACK : "git-upload-pack");
    }

    /** True when git would serve {@code url} by running git on this machine (file:// URLs and plain paths). */
    static boolean isLocal(String url) {
        return url.startsWith("file:") || url.startsWith("/") || !url.contains(":");
    }

    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs git; throws {@link GitCommandException} on a non-zero exit. */
    public static String run(Path cwd, Map<String, String> extraEnv, Duration timeout, String... args) {
        Result r = tryRun(cwd, extraEnv, timeout, null, args);
        if (r.exitCode() != 0) {
            String msg = r.stderr().isBlank() ? r.stdout() : r.stderr();
            throw new GitCommandException("git " + subcommand(args) + " failed: " + msg.strip(), looksTransient(msg));
        }
        return r.stdout();
    }

    /** The subcommand among the arguments, past {@code -c name=value} pairs and {@code --git-dir=…} options. */
    static String subcommand(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-c")) i++;
            else if (!args[i].startsWith("-")) return args[i];
        }
        return args.length == 0 ? "" : args[0];
    }

    public static Result tryRun(
            Path cwd, Map<String, String> extraEnv, Duration timeout, byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(HARDENING);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (cwd != null) pb.directory(cwd.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GIT_") || k.equals("SSH_ASKPASS"));
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_ASKPASS", "/bin/false");
        env.put("GIT_ALLOW_PROTOCOL", "https:ssh:file");
        env.put("GIT_PROTOCOL_FROM_USER", "0");
        env.put("GIT_NO_REPLACE_OBJECTS", "1");
        env.put("GIT_LFS_SKIP_SMUDGE", "1");
        env.putAll(extraEnv);
        try {
            Process p = pb.start();
            if (stdin != null) {
                try (var out = p.getOutputStream()) {
                    out.write(stdin);
                }
            } else {
                p.getOutputStream().close();
            }
            var stdout = drain(p.getInputStream());
            var stderr = drain(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new GitCommandException("git " + args[0] + " did not finish within " + timeout, true);
            }
            return new Result(p.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitCommandException("interrupted while running git " + args[0], true);
        }
    }

    private static java.util.concurrent.CompletableFuture<String> drain(InputStream in) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                byte[] chunk = new byte[8192];
                int n;
                long total = 0;
                while ((n = in.read(chunk)) >= 0) {
                    // keep at most 64 MiB; git output beyond that is never needed
                    if (total < (64L << 20)) buf.write(chunk, 0, n);
                    total += n;
                }
                return buf.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    private static boolean looksTransient(String msg) {
        String m = msg.toLowerCase(java.util.Locale.ROOT);
        // a name that does not resolve stays so: retrying only hides the sentence from the user
        if (m.contains("could not resolve")) return false;
        return m.contains("connection timed out")
                || m.contains("connection reset")
                || m.contains("the remote end hung up unexpectedly")
                || m.contains("temporary failure")
                || m.contains("503")
                || m.contains("502");
    }
}
