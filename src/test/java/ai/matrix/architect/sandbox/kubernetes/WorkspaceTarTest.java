package ai.matrix.architect.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace's way into and out of a Pod: links are carried as links and never followed, and a stream from a
 * hostile Pod cannot write outside the workspace.
 */
class WorkspaceTarTest {
    @TempDir
    Path dir;

    @Test
    void packingCarriesLinksAsLinksAndFollowsNone() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Path secret =
                Files.writeString(Files.createDirectories(dir.resolve("host")).resolve("secret"), "host secret");
        Files.writeString(ws.resolve("a.txt"), "alpha");
        Path script =
                Files.writeString(Files.createDirectories(ws.resolve("bin")).resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(ws.resolve("to-host-dir"), secret.getParent());
        Files.createSymbolicLink(ws.resolve("to-host-file"), secret);

        byte[] tar = pack(ws);

        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
                if (e.getName().startsWith("to-host"))
                    assertThat(e.isSymbolicLink()).isTrue();
                if (e.getName().equals("bin/run.sh"))
                    assertThat(e.getMode() & 0111).isNotZero();
            }
        }
        assertThat(names).contains("a.txt", "bin/", "bin/run.sh", "to-host-dir", "to-host-file");
        assertThat(names).noneMatch(n -> n.startsWith("to-host-dir/"));
        assertThat(new String(tar, StandardCharsets.ISO_8859_1)).doesNotContain("host secret");

        Path back = Files.createDirectories(dir.resolve("back"));
        assertThat(WorkspaceTar.extract(new ByteArrayInputStream(tar), back)).isEmpty();
        assertThat(Files.readString(back.resolve("a.txt"))).isEqualTo("alpha");
        assertThat(Files.isExecutable(back.resolve("bin/run.sh"))).isTrue();
        assertThat(Files.readSymbolicLink(back.resolve("to-host-dir"))).isEqualTo(secret.getParent());
    }

    @Test
    void aHostileStreamCannotLeaveTheWorkspace() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        List<byte[]> attacks = List.of(
                tar(t -> file(t, "../escape.txt", "x")),
                tar(t -> file(t, "/tmp/absolute-escape.txt", "x")),
                tar(t -> file(t, "a/../../escape.txt", "x")),
                // a link the stream makes, then a write through it
                tar(t -> {
                    link(t, "out", outside.toString());
                    file(t, "out/evil.txt", "x");
                }),
                tar(t -> {
                    link(t, "up", "..");
                    file(t, "up/evil.txt", "x");
                }));
        for (byte[] attack : attacks) {
            Path dest = Files.createTempDirectory(dir, "dest");
            assertThatThrownBy(() -> WorkspaceTar.extract(new ByteArrayInputStream(attack), dest))
                    .isInstanceOf(IOException.class);
        }
        assertThat(outside).isEmptyDirectory();
        assertThat(dir.resolve("escape.txt")).doesNotExist();
        assertThat(Path.of("/tmp/absolute-escape.txt")).doesNotExist();

        // hard links and devices are left out and named
        byte[] odd = tar(t -> {
            TarArchiveEntry hard = new TarArchiveEntry("hard", TarArchiveEntry.LF_LINK);
            hard.setLinkName("/etc/passwd");
            t.putArchiveEntry(hard);
            t.closeArchiveEntry();
            file(t, "ok.txt", "fine");
        });
        Path dest = Files.createDirectories(dir.resolve("odd"));
        assertThat(WorkspaceTar.extract(new ByteArrayInputStream(odd), dest)).containsExactly("hard (hard link)");
        assertThat(dest.resolve("hard")).doesNotExist();
        assertThat(Files.readString(dest.resolve("ok.txt"))).isEqualTo("fine");
    }

    @Test
    void bringingTheTreeBackNeverWritesThroughTheWorkspacesOwnLinks() throws Exception {
        // a repository that committed a link to a host directory; in the Pod the command made it a real directory
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "host file");
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Files.createSymbolicLink(ws.resolve("out"), outside);
        Files.writeString(ws.resolve("old.txt"), "old");
        byte[] fromPod = tar(t -> {
            TarArchiveEntry d = new TarArchiveEntry("./out/");
            t.putArchiveEntry(d);
            t.closeArchiveEntry();
            file(t, "./out/evil.txt", "written in the pod");
            file(t, "./new.txt", "new");
        });

        Path fresh = Files.createTempDirectory(dir, ".collect-");
        WorkspaceTar.extract(new ByteArrayInputStream(fromPod), fresh);
        WorkspaceTar.replaceContents(ws, fresh);

        assertThat(outside.resolve("evil.txt")).doesNotExist();
        assertThat(Files.readString(outside.resolve("keep.txt"))).isEqualTo("host file");
        assertThat(Files.isDirectory(ws.resolve("out"), LinkOption.NOFOLLOW_LINKS))
                .isTrue();
        assertThat(Files.readString(ws.resolve("out/evil.txt"))).isEqualTo("written in the pod");
        assertThat(ws.resolve("old.txt")).doesNotExist();
        assertThat(Files.readString(ws.resolve("new.txt"))).isEqualTo("new");
        assertThatThrownBy(() -> WorkspaceTar.extract(new ByteArrayInputStream(fromPod), ws))
                .hasMessageContaining("not empty");
    }

    private static byte[] pack(Path ws) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WorkspaceTar.write(ws, out);
        return out.toByteArray();
    }

    private interface Entries {
        void write(TarArchiveOutputStream t) throws IOException;
    }

    private static byte[] tar(Entries entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entries.write(t);
        }
        return out.toByteArray();
    }

    private static void file(TarArchiveOutputStream t, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(bytes.length);
        t.putArchiveEntry(e);
        t.write(bytes);
        t.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream t, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        e.setLinkName(target);
        t.putArchiveEntry(e);
        t.closeArchiveEntry();
    }
}
