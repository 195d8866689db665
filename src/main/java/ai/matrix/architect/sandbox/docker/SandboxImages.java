package ai.matrix.architect.sandbox.docker;

import ai.matrix.architect.sandbox.HostMounts;
import ai.matrix.architect.sandbox.SandboxException;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Images the docker sandbox makes itself, since no registry is reachable: {@value #HOST_IMAGE} is an almost
 * empty root (mount points, the merged-/usr links, a passwd naming the sandbox user) into which each run
 * bind-mounts the host's /usr and an allow-list of /etc read-only.
 */
public final class SandboxImages {
    public static final String HOST_IMAGE = "matrix-architect/sandbox-host:1";
    private static final Object LOCK = new Object();

    private SandboxImages() {}

    public static boolean exists(DockerClient client, String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Imports the host image when the engine does not have it yet. */
    public static void ensureHostImage(DockerClient client) throws SandboxException {
        synchronized (LOCK) {
            if (exists(client, HOST_IMAGE)) return;
            try {
                buildFromScratch(client, HOST_IMAGE, hostRootTar());
            } catch (IOException | RuntimeException e) {
                throw new SandboxException("cannot build the sandbox image " + HOST_IMAGE + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Builds {@code tag} from a root filesystem tar with {@code FROM scratch}: docker-java's image import sends
     * the stream wrongly (docker-java issue 2377), a build context does not.
     */
    public static void buildFromScratch(DockerClient client, String tag, byte[] rootTar) throws IOException {
        ByteArrayOutputStream context = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(context);
                TarArchiveInputStream root = new TarArchiveInputStream(new ByteArrayInputStream(rootTar))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            byte[] dockerfile = "FROM scratch\nCOPY rootfs/ /\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry df = new TarArchiveEntry("Dockerfile");
            df.setSize(dockerfile.length);
            tar.putArchiveEntry(df);
            tar.write(dockerfile);
            tar.closeArchiveEntry();
            TarArchiveEntry e;
            while ((e = root.getNextEntry()) != null) {
                TarArchiveEntry copy = e.isSymbolicLink()
                        ? new TarArchiveEntry("rootfs/" + e.getName(), TarArchiveEntry.LF_SYMLINK)
                        : new TarArchiveEntry("rootfs/" + e.getName());
                if (e.isSymbolicLink()) copy.setLinkName(e.getLinkName());
                copy.setMode(e.getMode());
                copy.setSize(e.isFile() ? e.getSize() : 0);
                tar.putArchiveEntry(copy);
                if (e.isFile()) root.transferTo(tar);
                tar.closeArchiveEntry();
            }
        }
        client.buildImageCmd()
                .withTarInputStream(new ByteArrayInputStream(context.toByteArray()))
                .withTags(java.util.Set.of(tag))
                .withPull(false)
                .withNoCache(true)
                .withRemove(true)
                .exec(new BuildImageResultCallback())
                .awaitImageId();
    }

    static byte[] hostRootTar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (String dir : new String[] {"usr", "etc", "tmp", "workspace", "proc", "dev", "sys", "home"}) {
                TarArchiveEntry e = new TarArchiveEntry(dir + "/");
                e.setMode(dir.equals("tmp") ? 01777 : 0755);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            for (String link : HostMounts.USR_LINKS) {
                if (!Files.isDirectory(Path.of("/usr", link))) continue;
                TarArchiveEntry e = new TarArchiveEntry(link, TarArchiveEntry.LF_SYMLINK);
                e.setLinkName("usr/" + link);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, String> f : Map.of(
                            "etc/passwd",
                                    "root:x:0:0:root:/nonexistent:/usr/sbin/nologin\n"
                                            + "sandbox:x:1000:1000:sandbox:/tmp:/bin/sh\n",
                            "etc/group", "root:x:0:\nsandbox:x:1000:\n",
                            "etc/hostname", "sandbox\n")
                    .entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setMode(0644);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
