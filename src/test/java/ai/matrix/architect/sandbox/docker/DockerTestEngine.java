package ai.matrix.architect.sandbox.docker;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Test helpers: the engine (required in CI), and a busybox image made from the host's busybox-static. */
public final class DockerTestEngine {
    public static final String BUSYBOX = "matrix-architect-test/busybox:1";

    private DockerTestEngine() {}

    /** In CI (CI=true) a missing engine fails the test; elsewhere it skips it. */
    public static void requireEngine() {
        boolean up = DockerEngine.answers(DockerSandboxProperties.defaults().host());
        String why = "no Docker engine answers at "
                + DockerSandboxProperties.defaults().host() + " (start dockerd --bridge=none --iptables=false)";
        if (System.getenv("CI") != null) assertTrue(up, why);
        else assumeTrue(up, why);
    }

    /** Imports a root filesystem holding only /bin/busybox (static) as {@link #BUSYBOX}, once. */
    public static synchronized String busyboxImage(DockerClient client) throws IOException {
        if (SandboxImages.exists(client, BUSYBOX)) return BUSYBOX;
        Path busybox = Path.of("/bin/busybox");
        assumeTrue(Files.isRegularFile(busybox), "busybox-static is not installed");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (String dir : new String[] {"bin/", "tmp/", "workspace/", "proc/", "dev/", "sys/", "etc/"}) {
                TarArchiveEntry e = new TarArchiveEntry(dir);
                e.setMode(dir.equals("tmp/") ? 01777 : 0755);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry bb = new TarArchiveEntry(busybox.toFile(), "bin/busybox");
            bb.setMode(0755);
            tar.putArchiveEntry(bb);
            Files.copy(busybox, tar);
            tar.closeArchiveEntry();
            for (String tool : new String[] {"sh", "cat", "id", "ls", "head", "sleep", "true"}) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + tool, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
        }
        SandboxImages.buildFromScratch(client, BUSYBOX, bytes.toByteArray());
        return BUSYBOX;
    }
}
