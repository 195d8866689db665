package ai.matrix.architect.sandbox;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host files a sandbox built from the host's own tools sees, read-only: all of /usr, and from /etc only
 * what programs need to run (dynamic linker cache, alternatives, certificates, language runtimes' settings,
 * user and host name lookup). Everything else in /etc (shadow, ssh host keys, database and service settings,
 * docker) stays out: the sandbox's user maps to the server's user, so anything the server may read, a
 * bind-mounted file would hand over.
 */
public final class HostMounts {
    /** Entries of /etc the sandbox may see; globs end in {@code *}. */
    public static final List<String> ETC_ALLOWED = List.of(
            "alternatives",
            "ld.so.cache",
            "ld.so.conf",
            "ld.so.conf.d",
            "ssl",
            "ca-certificates",
            "ca-certificates.conf",
            "java*",
            "python3*",
            "perl",
            "maven",
            "gitconfig",
            "npmrc",
            "pip.conf",
            "passwd",
            "group",
            "nsswitch.conf",
            "hosts",
            "resolv.conf",
            "host.conf",
            "gai.conf",
            "services",
            "protocols",
            "localtime",
            "timezone",
            "mime.types",
            "magic",
            "magic.mime",
            "os-release",
            "debian_version",
            "shells",
            "bash.bashrc",
            "profile",
            "inputrc",
            "terminfo",
            "locale.alias",
            "fonts",
            "xml",
            "sgml");

    private HostMounts() {}

    /** Host paths under /etc to bind read-only at the same place, those that exist here. */
    public static List<Path> etcEntries() {
        List<Path> out = new ArrayList<>();
        Path etc = Path.of("/etc");
        for (String name : ETC_ALLOWED) {
            if (name.endsWith("*")) {
                String prefix = name.substring(0, name.length() - 1);
                try (var list = Files.list(etc)) {
                    list.filter(p -> p.getFileName().toString().startsWith(prefix))
                            .sorted()
                            .forEach(out::add);
                } catch (java.io.IOException e) {
                    // no /etc to list: nothing to add
                }
            } else {
                Path p = etc.resolve(name);
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) out.add(p);
            }
        }
        return out;
    }

    /** Top-level directories that usually are symbolic links into /usr on merged-/usr systems. */
    public static final List<String> USR_LINKS = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");
}
