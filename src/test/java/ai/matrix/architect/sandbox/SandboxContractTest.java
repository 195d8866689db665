package ai.matrix.architect.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.workspace.RemoteRepo;
import ai.matrix.architect.workspace.SandboxGit;
import ai.matrix.architect.workspace.TestGit;
import ai.matrix.architect.workspace.Workspace;
import ai.matrix.architect.workspace.Workspaces;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks every isolating sandbox must withstand (issue 4, "Must show" 1–4). Each adapter's test is a
 * near-empty subclass that says how to make its sandbox. Commands print markers only when an attack works,
 * and the assertions look for them, so a failing attack is silent whatever the error text of the tool.
 */
public abstract class SandboxContractTest {
    /** Limits small enough to hit quickly, large enough for a shell and coreutils. */
    protected static final SandboxLimits LIMITS =
            new SandboxLimits(256L << 20, 64, 1L << 20, 64L << 20, 64L << 20, 1.0);

    @TempDir
    protected Path workspace;

    @TempDir
    protected Path serverDataDir;

    protected abstract Sandbox sandbox();

    protected record Run(SandboxResult result, List<String> lines, long bytesReceived) {
        String text() {
            return String.join("\n", lines);
        }
    }

    @BeforeEach
    void workspaceIsOpenToTheSandboxUser() throws IOException {
        Files.writeString(workspace.resolve("hello.txt"), "hello\n");
    }

    protected Run run(String command) throws SandboxException {
        return run(command, LIMITS, Duration.ofSeconds(30));
    }

    protected Run run(String command, SandboxLimits limits, Duration timeout) throws SandboxException {
        return run(command, workspace, Map.of("MARKER_ENV", "sandbox-side"), limits, timeout);
    }

    protected Run run(String command, Path workspace, Map<String, String> env, SandboxLimits limits, Duration timeout)
            throws SandboxException {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        AtomicLong bytes = new AtomicLong();
        SandboxResult r = sandbox()
                .run(new SandboxRequest(command, workspace, env, timeout, limits, false, null, line -> {
                    bytes.addAndGet(line.length() + 1);
                    lines.add(line);
                }));
        return new Run(r, lines, bytes.get());
    }

    // --- sanity

    @Test
    void runsACommandInTheWorkspaceAndReportsItsExitCode() throws Exception {
        Run r = run("cat hello.txt && pwd && echo made > out.txt && exit 3");
        assertThat(r.lines()).contains("hello", SandboxRequest.WORKSPACE_MOUNT);
        assertThat(r.result().exitCode()).isEqualTo(3);
        assertThat(r.result().timedOut()).isFalse();
        assertThat(r.result().outOfMemory()).isFalse();
        assertThat(workspace.resolve("out.txt")).hasContent("made");
    }

    @Test
    void passesOnlyTheRequestedEnvironment() throws Exception {
        Run r = run("env");
        assertThat(r.lines()).contains("MARKER_ENV=sandbox-side");
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (e.getValue().length() < 8 || e.getKey().equals("PATH")) continue;
            assertThat(r.text()).as("server variable %s", e.getKey()).doesNotContain(e.getKey() + "=" + e.getValue());
        }
    }

    @Test
    void secretFilesAreReadableInsideReadOnlyAndGoneAfterTheRun() throws Exception {
        Path dir;
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        SandboxResult r;
        try (SecretFiles files = SecretFiles.write(Map.of("API_TOKEN", "s3cret-file-value"), true, serverDataDir)) {
            dir = files.dir();
            r = sandbox()
                    .run(new SandboxRequest(
                                    // one write per line, and no stderr: stdout and stderr may interleave mid-line
                                    "echo \"$(cat \"$API_TOKEN_FILE\")\"; (echo changed > \"$API_TOKEN_FILE\") 2>/dev/null"
                                            + " && echo wrote; touch /run/secrets/new 2>/dev/null && echo created;"
                                            + " echo \"$API_TOKEN_FILE\"",
                                    workspace,
                                    Map.of(),
                                    Duration.ofSeconds(30),
                                    LIMITS,
                                    false,
                                    null,
                                    lines::add)
                            .withSecretFiles(files));
            assertThat(Files.readString(dir.resolve("API_TOKEN"))).isEqualTo("s3cret-file-value");
        }
        assertThat(r.exitCode()).isZero();
        assertThat(lines).contains("s3cret-file-value", SandboxRequest.SECRETS_MOUNT + "/API_TOKEN");
        assertThat(lines).doesNotContain("wrote", "created");
        assertThat(dir).doesNotExist();
    }

    // --- 1. network

    @Test
    void cannotConnectToAListenerOnTheHostsLoopback() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket s = listener.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException ignored) {
                    // closed at the end of the test
                }
            });
            int port = listener.getLocalPort();
            Run r = run(bash("(echo hi > /dev/tcp/127.0.0.1/" + port + ") 2>/dev/null && echo CONNECTED-TCP;"
                    + " python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", " + port
                    + "), 3); print(\"CONNECTED-PY\")' 2>/dev/null; true"));
            assertThat(r.text()).doesNotContain("CONNECTED");
            assertThat(accepted).hasValue(0);
            listener.close();
            acceptor.join(Duration.ofSeconds(5));
        }
    }

    @Test
    void dnsAndTheCloudMetadataAddressFail() throws Exception {
        Run r = run(
                bash(
                        "getent hosts repo.maven.apache.org && echo RESOLVED;"
                                + " (echo x > /dev/tcp/169.254.169.254/80) 2>/dev/null && echo METADATA;"
                                + " python3 -c 'import urllib.request; urllib.request.urlopen(\"http://169.254.169.254/latest/meta-data/\","
                                + " timeout=3); print(\"METADATA-PY\")' 2>/dev/null; ip -o addr 2>/dev/null; cat /proc/net/route; true"));
        assertThat(r.text()).doesNotContain("RESOLVED").doesNotContain("METADATA");
        // only the loopback interface, and no route anywhere
        assertThat(r.lines().stream().filter(l -> l.matches("^[a-z0-9]+\\s+[0-9A-F]{8}.*")))
                .isEmpty();
    }

    // --- 2. filesystem

    @Test
    void cannotWriteOutsideTheWorkspace() throws Exception {
        String token = UUID.randomUUID().toString();
        Run r = run("for d in / /usr /usr/bin /etc /home /root /var /opt /proc/sys/kernel; do" + " (echo x > $d/escape-"
                + token + ") 2>/dev/null && echo WROTE $d; done; true");
        assertThat(r.text()).doesNotContain("WROTE");
        for (String d : List.of("/", "/usr", "/usr/bin", "/etc", "/home", "/root", "/var", "/opt")) {
            assertThat(Path.of(d, "escape-" + token)).doesNotExist();
        }
        assertThat(r.result().exitCode()).isZero();
    }

    @Test
    void cannotReadHostSecretsTheServersDataOrItsEnvironment() throws Exception {
        String secret = "data-secret-" + UUID.randomUUID();
        Path secretFile = serverDataDir.resolve("architect.mv.db");
        Files.writeString(secretFile, secret);
        Run r = run("cat /etc/shadow /etc/gshadow /etc/ssh/ssh_host_ed25519_key " + secretFile
                + " /root/.git-credentials ~/.git-credentials /root/.ssh/id_rsa /root/.m2/settings.xml 2>/dev/null;"
                + " for s in /var/run/docker.sock /run/docker.sock; do test -e $s && echo SOCKET $s; done;"
                + " ls " + serverDataDir + " 2>/dev/null && echo LISTED;"
                + " tr '\\0' '\\n' < /proc/1/environ; tr '\\0' '\\n' < /proc/$PPID/environ; true");
        String out = r.text();
        assertThat(out).doesNotContain(secret).doesNotContain("SOCKET").doesNotContain("LISTED");
        assertThat(out).doesNotContainPattern("(?m)^root:[^:]*:[0-9]+:");
        assertThat(out).doesNotContain("PRIVATE KEY");
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (e.getValue().length() < 8 || e.getKey().equals("PATH")) continue;
            assertThat(out).as("server variable %s", e.getKey()).doesNotContain(e.getKey() + "=" + e.getValue());
        }
    }

    @Test
    void aSymlinkInTheWorkspaceToAHostPathLeaksNothing() throws Exception {
        String secret = "linked-secret-" + UUID.randomUUID();
        Path secretFile = serverDataDir.resolve("jwt.key");
        Files.writeString(secretFile, secret);
        Files.createSymbolicLink(workspace.resolve("to-data"), secretFile);
        Files.createSymbolicLink(workspace.resolve("to-data-dir"), serverDataDir);
        Files.createSymbolicLink(workspace.resolve("to-shadow"), Path.of("/etc/shadow"));
        Run r = run("cat to-data to-shadow to-data-dir/jwt.key 2>/dev/null; ls to-data-dir 2>/dev/null;"
                + " (echo overwritten > to-data-dir/jwt.key) 2>/dev/null; true");
        assertThat(r.text())
                .doesNotContain(secret)
                .doesNotContainPattern("(?m)^root:[^:]*:[0-9]+:")
                .doesNotContain("jwt.key");
        assertThat(secretFile).hasContent(secret);
    }

    @Test
    void anArchiveWithParentAndAbsoluteEntriesCannotWriteOutside() throws Exception {
        String token = UUID.randomUUID().toString();
        // built inside: tar -P keeps ../ and absolute names; extracting it must not leave the workspace
        Run r = run("mkdir -p a && echo evil > a/f && tar -cf evil.tar -P --transform 's|^a/f|../../../../usr/escape-"
                + token + "|' a/f 2>/dev/null && tar -xPf evil.tar 2>/dev/null && echo EXTRACTED; true");
        assertThat(Path.of("/usr/escape-" + token)).doesNotExist();
        assertThat(workspace.getParent().resolve("escape-" + token)).doesNotExist();
        assertThat(r.text()).doesNotContain("EXTRACTED");
    }

    // --- 3. resources

    @Test
    void aForkBombIsContainedByThePidsLimitAndFailsCleanly() throws Exception {
        String token = "bomb" + UUID.randomUUID().toString().replace("-", "");
        Run bounded = run("i=0; while [ $i -lt 300 ]; do sleep 60 & i=$((i+1)); done; echo ALL-STARTED " + token);
        assertThat(bounded.text()).doesNotContain("ALL-STARTED");
        assertThat(bounded.result().succeeded()).isFalse();

        Run bomb = run("b() { b | b & }; b; sleep 30 # " + token, LIMITS, Duration.ofSeconds(4));
        assertThat(bomb.result().succeeded()).isFalse();
        assertNoProcessLeft(token);
    }

    @Test
    void aMemoryHogIsKilledAndReportedAsOutOfMemory() throws Exception {
        Run r = run("head -c 1000000000 /dev/zero | tail; echo SURVIVED");
        assertThat(r.result().outOfMemory()).isTrue();
        assertThat(r.result().succeeded()).isFalse();
        assertThat(r.result().describe()).contains("out of memory");
    }

    @Test
    void fillingTmpOrTheWorkspaceHitsACap() throws Exception {
        Run tmp = run("dd if=/dev/zero of=/tmp/fill bs=1M count=200 2>&1; echo dd-exit=$?");
        assertThat(tmp.text()).containsPattern("dd-exit=[1-9]");
        Run ws = run("dd if=/dev/zero of=/workspace/fill bs=1M count=200 2>&1; echo dd-exit=$?");
        assertThat(ws.text()).containsPattern("dd-exit=[1-9]");
        assertThat(Files.size(workspace.resolve("fill"))).isLessThanOrEqualTo(LIMITS.maxFileBytes());
    }

    @Test
    void aCommandIgnoringSigtermIsKilledAtTheTimeout() throws Exception {
        String token = "stubborn" + UUID.randomUUID().toString().replace("-", "");
        Run r = run("trap '' TERM INT HUP; sleep 300; echo " + token, LIMITS, Duration.ofSeconds(2));
        assertThat(r.result().timedOut()).isTrue();
        assertThat(r.result().succeeded()).isFalse();
        assertThat(r.lines()).doesNotContain(token);
        assertThat(r.text()).contains("killed after the time limit");
        assertNoProcessLeft(token);
    }

    @Test
    void aGigabyteOfOutputIsTruncatedWithoutHoldingIt() throws Exception {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        Run r = run("head -c 1000000000 /dev/zero | tr '\\0' 'x'; echo; echo done", LIMITS, Duration.ofMinutes(2));
        assertThat(r.result().outputTruncated()).isTrue();
        assertThat(r.result().exitCode()).isZero();
        assertThat(r.bytesReceived()).isLessThan(LIMITS.maxOutputBytes() + 4096);
        assertThat(r.text()).contains("output truncated after");
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        assertThat(after - before).as("heap growth").isLessThan(200L << 20);
    }

    // --- 4. privilege

    @Test
    void theUserIsNotRootAndHasNoCapabilities() throws Exception {
        Run r = run("id -u; grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs)' /proc/self/status");
        assertThat(r.lines().get(0)).isNotEqualTo("0");
        assertThat(r.text()).contains("CapEff:\t0000000000000000").contains("CapPrm:\t0000000000000000");
    }

    @Test
    void mountUnshareSetuidAndCapabilitiesFail() throws Exception {
        Run r = run("mkdir -p /tmp/m; mount -t tmpfs none /tmp/m 2>/dev/null && echo MOUNTED;"
                + " unshare -r true 2>/dev/null && echo UNSHARED; unshare -m true 2>/dev/null && echo UNSHARED-M;"
                + " su -c 'echo ROOTED' root </dev/null 2>/dev/null; echo | passwd 2>/dev/null && echo PASSWD;"
                + " chown 0:0 hello.txt 2>/dev/null && [ \"$(stat -c %u hello.txt)\" = 0 ] && echo CHOWNED;"
                + " mknod /tmp/mem c 1 1 2>/dev/null && echo MKNOD; chroot / true 2>/dev/null && echo CHROOTED;"
                + " (echo 1 > /proc/sys/kernel/sysrq) 2>/dev/null && echo SYSCTL; true");
        assertThat(r.text())
                .doesNotContain("MOUNTED")
                .doesNotContain("UNSHARED")
                .doesNotContain("ROOTED")
                .doesNotContain("PASSWD")
                .doesNotContain("CHOWNED")
                .doesNotContain("MKNOD")
                .doesNotContain("CHROOTED")
                .doesNotContain("SYSCTL");
    }

    // --- git inside the sandbox (issue 12: builds that ask git)

    @Test
    void gitInsideTheSandboxAnswersAtTheJobsCommitWithItsTagsAndLeavesTheServersGitAlone() throws Exception {
        Path origin = serverDataDir.resolve("origin");
        Files.createDirectories(origin);
        TestGit.git(origin, "init", "--quiet");
        Files.writeString(origin.resolve("a.txt"), "one\n");
        TestGit.git(origin, "add", "a.txt");
        TestGit.git(origin, "commit", "--quiet", "-m", "one");
        TestGit.git(origin, "tag", "-a", "-m", "release", "v1.2.0");
        Files.writeString(origin.resolve("a.txt"), "two\n");
        TestGit.git(origin, "commit", "--quiet", "-am", "two");
        Workspace ws = new Workspaces(serverDataDir.resolve("workspaces"), 50)
                .checkout("job1", new RemoteRepo("file://" + origin, null, "origin"), null);
        String head = ws.head();
        Map<String, String> env = new java.util.HashMap<>(SandboxRequest.GIT_ENV);
        Run r;
        try (SandboxGit g = ws.sandboxGit()) {
            r = run(
                    "git describe --tags; git rev-parse HEAD; git status --porcelain; echo STATUS-END;"
                            + " echo fsmonitor=$(git config --get core.fsmonitor);"
                            + " mkdir -p .git/hooks && echo 'touch /workspace/HOOK-RAN' > .git/hooks/post-commit;"
                            + " chmod +x .git/hooks/post-commit; echo change > a.txt",
                    ws.workTree(),
                    env,
                    LIMITS,
                    Duration.ofSeconds(60));
        }
        assertThat(r.lines())
                .as(r.text())
                .contains("v1.2.0-1-g" + head.substring(0, 7), head, "STATUS-END", "fsmonitor=false");
        assertThat(r.lines().indexOf("STATUS-END"))
                .as("a clean status: " + r.text())
                .isEqualTo(r.lines().indexOf(head) + 1);
        assertThat(ws.workTree().resolve(".git")).doesNotExist();
        assertThat(ws.git("status", "--porcelain")).isEqualTo(" M a.txt\n");
        ws.stageAll(head);
        ws.commit("server commit", java.time.Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(ws.workTree().resolve("HOOK-RAN")).doesNotExist();
        assertThat(ws.git("show", "--name-only", "--format=", "HEAD").strip()).isEqualTo("a.txt");
    }

    /** The command run by bash (for /dev/tcp), quoted for the sandbox's /bin/sh. */
    protected static String bash(String command) {
        return "exec bash -c '" + command.replace("'", "'\\''") + "'";
    }

    protected static void assertNoProcessLeft(String token) {
        // the kill is synchronous, but the kernel reaps asynchronously: look a few times
        List<String> left = List.of();
        for (int i = 0; i < 50; i++) {
            left = ProcessHandle.allProcesses()
                    .filter(ProcessHandle::isAlive)
                    .map(p -> p.info().commandLine().orElse(""))
                    .filter(c -> c.contains(token))
                    .toList();
            if (left.isEmpty()) return;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(left).as("processes left behind").isEmpty();
    }
}
