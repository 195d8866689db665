package ai.matrix.architect.sandbox.bwrap;

import ai.matrix.architect.sandbox.SandboxLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's cgroup (v1) in the memory, pids and cpu controllers, made under {@code matrix-architect/} when the
 * hierarchy is writable (as root on these machines). The sandbox's first process writes its own pid into
 * {@link #procsFiles()} before exec'ing bubblewrap, so every later process is counted and limited. Closing
 * kills whatever is left and removes the groups.
 */
final class CgroupV1 implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CgroupV1.class);
    static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final String PARENT = "matrix-architect";
    /** An empty run group this old belongs to no run that is still being set up. */
    static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofMinutes(1);

    private final Path memory;
    private final Path pids;
    private final Path cpu;

    private CgroupV1(Path memory, Path pids, Path cpu) {
        this.memory = memory;
        this.pids = pids;
        this.cpu = cpu;
    }

    /** True when this process may make v1 cgroups with memory and pids controllers. */
    static boolean available() {
        return Files.isWritable(ROOT.resolve("memory"))
                && Files.isWritable(ROOT.resolve("pids"))
                && Files.exists(ROOT.resolve("memory/memory.limit_in_bytes"));
    }

    static Optional<CgroupV1> create(SandboxLimits limits) {
        if (!available()) return Optional.empty();
        sweepAbandoned(ABANDONED_AFTER);
        String name = "run-" + UUID.randomUUID();
        try {
            Path memory = mk("memory", name);
            Path pids = mk("pids", name);
            Path cpu = Files.isWritable(ROOT.resolve("cpu")) ? mk("cpu", name) : null;
            CgroupV1 cg = new CgroupV1(memory, pids, cpu);
            try {
                write(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
                Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
                if (Files.exists(memsw)) write(memsw, Long.toString(limits.memoryBytes()));
                write(pids.resolve("pids.max"), Integer.toString(limits.maxProcesses()));
                if (cpu != null && limits.cpus() > 0) {
                    write(cpu.resolve("cpu.cfs_period_us"), "100000");
                    write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(Math.max(1000, (long)
                            (limits.cpus() * 100000))));
                }
            } catch (IOException e) {
                cg.close();
                throw e;
            }
            return Optional.of(cg);
        } catch (IOException e) {
            log.warn("cannot make a cgroup for the sandbox ({}); limits fall back to rlimits", e.getMessage());
            return Optional.empty();
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong lastSweep =
            new java.util.concurrent.atomic.AtomicLong();

    /**
     * Removes the run groups a worker killed mid-run left behind (its sandboxed processes died with it, so their
     * groups are empty): those with no process, older than {@code minAge} so that a group being set up right now by
     * another worker on this machine is never touched. Looks at most every 10 s; returns how many went.
     */
    static int sweepAbandoned(java.time.Duration minAge) {
        long now = System.currentTimeMillis();
        long last = lastSweep.get();
        if (now - last < 10_000 || !lastSweep.compareAndSet(last, now) || !available()) return 0;
        Path runs = ROOT.resolve("pids").resolve(PARENT);
        if (!Files.isDirectory(runs)) return 0;
        int removed = 0;
        try (var list = Files.list(runs)) {
            for (Path run : list.filter(d -> d.getFileName().toString().startsWith("run-"))
                    .toList()) {
                long age = now - Files.getLastModifiedTime(run).toMillis();
                if (age < minAge.toMillis()
                        || !Files.readString(run.resolve("cgroup.procs")).isBlank()) continue;
                String name = run.getFileName().toString();
                boolean gone = true;
                for (String controller : new String[] {"memory", "cpu", "pids"}) {
                    try {
                        Files.deleteIfExists(
                                ROOT.resolve(controller).resolve(PARENT).resolve(name));
                    } catch (IOException e) {
                        gone = false; // a process joined meanwhile, or the kernel still holds it: next time
                    }
                }
                if (gone) removed++;
            }
        } catch (IOException e) {
            log.debug("cannot sweep abandoned sandbox cgroups: {}", e.getMessage());
        }
        if (removed > 0) log.info("removed {} sandbox cgroup(s) a killed worker left behind", removed);
        return removed;
    }

    static void lastSweepForTests(long at) {
        lastSweep.set(at);
    }

    Path pidsDir() {
        return pids;
    }

    private static Path mk(String controller, String name) throws IOException {
        Path dir = ROOT.resolve(controller).resolve(PARENT).resolve(name);
        Files.createDirectories(dir);
        return dir;
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardCharsets.US_ASCII);
    }

    /** The {@code cgroup.procs} files the first process must join. */
    List<Path> procsFiles() {
        List<Path> out = new ArrayList<>(List.of(memory.resolve("cgroup.procs"), pids.resolve("cgroup.procs")));
        if (cpu != null) out.add(cpu.resolve("cgroup.procs"));
        return out;
    }

    /** True when the kernel's OOM killer killed a process of this group. */
    boolean oomKilled() {
        try {
            for (String line : Files.readAllLines(memory.resolve("memory.oom_control"))) {
                if (line.startsWith("oom_kill ")
                        && Long.parseLong(line.substring(9).trim()) > 0) return true;
            }
            return false;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Kills every process in the group until none is left (a fork bomb may be forking while we kill). */
    void killAll() {
        for (int round = 0; round < 100; round++) {
            List<Long> pidsLeft = members();
            if (pidsLeft.isEmpty()) return;
            for (long pid : pidsLeft) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            Thread.onSpinWait();
        }
        log.warn("processes still alive in sandbox cgroup {} after 100 kill rounds", pids);
    }

    List<Long> members() {
        try {
            return Files.readAllLines(pids.resolve("cgroup.procs")).stream()
                    .filter(s -> !s.isBlank())
                    .map(s -> Long.parseLong(s.trim()))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        killAll();
        for (Path dir : new Path[] {memory, pids, cpu}) {
            if (dir == null) continue;
            // a group is removable once its last process is reaped; give the kernel a moment
            for (int i = 0; i < 50; i++) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (IOException e) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
    }
}
