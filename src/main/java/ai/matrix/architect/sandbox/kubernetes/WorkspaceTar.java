package ai.matrix.architect.sandbox.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The workspace as a tar stream, both ways across the Pod boundary, written and read by us rather than by
 * fabric8's directory copy: that one follows symlinks when it packs (a link to {@code /etc} would ship the host's
 * files into the Pod) and writes through directories that are symlinks when it unpacks (a link committed in the
 * repository would let the Pod write anywhere on the host).
 *
 * <p>Packing never follows a link: a symlink is stored as a symlink. Unpacking goes into an empty directory, takes
 * only directories, regular files and symlinks, refuses absolute names, {@code ..} and any entry whose parent is
 * not a real directory inside the destination (so nothing is written through a link the stream itself made), and
 * stops at a size cap.
 */
public final class WorkspaceTar {
    /** What the Pod may hand back at most. */
    static final long MAX_BYTES = 8L << 30;

    private WorkspaceTar() {}

    /** Writes the tree under {@code root} (its contents, not the directory itself) to {@code out}. */
    public static void write(Path root, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        // walkFileTree does not follow links unless told to: a symlink arrives as a file whose attributes say so
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root)) {
                    TarArchiveEntry e = new TarArchiveEntry(name(root, dir) + "/");
                    e.setMode(040755);
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink()) {
                    TarArchiveEntry e = new TarArchiveEntry(name(root, file), TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(file).toString());
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                } else if (attrs.isRegularFile()) {
                    TarArchiveEntry e = new TarArchiveEntry(name(root, file));
                    e.setSize(attrs.size());
                    e.setMode(executable(file) ? 0100755 : 0100644);
                    tar.putArchiveEntry(e);
                    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                        in.transferTo(tar);
                    }
                    tar.closeArchiveEntry();
                }
                // sockets, fifos and devices have no place in a workspace: left out
                return FileVisitResult.CONTINUE;
            }
        });
        tar.finish();
        tar.flush();
    }

    /**
     * Unpacks {@code in} into {@code dest}, which must be an empty directory. Returns what was left out and why
     * (hard links, devices, …); throws for an entry that tries to leave the destination.
     */
    public static List<String> extract(InputStream in, Path dest) throws IOException {
        Path root = dest.toRealPath();
        try (Stream<Path> s = Files.list(root)) {
            if (s.findAny().isPresent()) throw new IOException("the destination " + dest + " is not empty");
        }
        List<String> skipped = new ArrayList<>();
        long total = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String name = e.getName();
            Path target = resolve(root, name);
            if (target == null) continue; // "." or "./"
            if (e.isDirectory()) {
                mkdirs(root, target);
            } else if (e.isSymbolicLink()) {
                mkdirs(root, target.getParent());
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            } else if (e.isLink() || e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                skipped.add(name + " (" + kind(e) + ")");
            } else if (e.isFile()) {
                mkdirs(root, target.getParent());
                total += e.getSize();
                if (total > MAX_BYTES) throw new IOException("the workspace coming back is larger than " + MAX_BYTES);
                if (Files.isSymbolicLink(target) || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("entry " + name + " would replace a link or directory");
                }
                try (OutputStream out = Files.newOutputStream(
                        target,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
                    tar.transferTo(out);
                }
                if ((e.getMode() & 0111) != 0) setExecutable(target);
            } else {
                skipped.add(name + " (" + kind(e) + ")");
            }
        }
        return skipped;
    }

    /**
     * Replaces what is in {@code workspace} with what is in {@code fresh} (both on one file system): the old
     * entries are deleted without following links, the new ones moved in.
     */
    public static void replaceContents(Path workspace, Path fresh) throws IOException {
        try (Stream<Path> old = Files.list(workspace)) {
            for (Path p : old.toList()) deleteTree(p);
        }
        try (Stream<Path> now = Files.list(fresh)) {
            for (Path p : now.toList())
                Files.move(p, workspace.resolve(p.getFileName().toString()));
        }
    }

    /** Deletes a file or tree; a symlink is deleted itself, never what it points to. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
            }
        } else {
            Files.delete(p);
        }
    }

    private static Path resolve(Path root, String name) throws IOException {
        String n = name.replace('\\', '/');
        while (n.startsWith("./")) n = n.substring(2);
        if (n.isEmpty() || n.equals(".")) return null;
        if (n.startsWith("/") || Stream.of(n.split("/")).anyMatch(".."::equals)) {
            throw new IOException("entry " + name + " leaves the workspace");
        }
        Path target = root.resolve(n).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IOException("entry " + name + " leaves the workspace");
        }
        return target;
    }

    /** Creates the directory and its parents, each of which must be a real directory, never a link. */
    private static void mkdirs(Path root, Path dir) throws IOException {
        Path at = root;
        for (Path part : root.relativize(dir)) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                throw new IOException("an entry goes through the link " + root.relativize(at));
            }
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(at);
            } else if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("an entry goes through the file " + root.relativize(at));
            }
        }
    }

    private static String name(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static boolean executable(Path file) {
        try {
            return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
                    .contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void setExecutable(Path file) {
        try {
            Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(file));
            perms.addAll(Set.of(
                    PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
            Files.setPosixFilePermissions(file, perms);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not a POSIX file system: the executable bit cannot be kept
        }
    }

    private static String kind(TarArchiveEntry e) {
        if (e.isLink()) return "hard link";
        if (e.isCharacterDevice() || e.isBlockDevice()) return "device";
        if (e.isFIFO()) return "fifo";
        return "unsupported entry type";
    }
}
