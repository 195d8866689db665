package ai.matrix.architect.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which hosts outgoing connections (git remotes, webhooks) may reach, checked before connecting. By default no
 * loopback, link-local, any-local, multicast or cloud-metadata address; the deny list adds host names or CIDR
 * ranges, the allow list lets named hosts or ranges through (it wins over everything else). A host name is
 * resolved and every address it has must pass. A name that does not resolve is refused (fail closed): the caller
 * connects only to the address this check pinned, so a resolver that fails now and answers an internal address
 * later (DNS rebinding) never gets a second chance.
 */
public final class AddressPolicy {
    private static final List<String> METADATA =
            List.of("169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32", "169.254.170.2/32");
    private static final List<String> METADATA_NAMES =
            List.of("metadata.google.internal", "metadata", "instance-data", "instance-data.ec2.internal");

    private static final Pattern NUMERIC = Pattern.compile("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}\\.?");
    private static final Pattern CANONICAL_V4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    /** Looks a host name up; the system resolver unless a test plays one. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final List<String> allow;
    private final List<String> deny;
    private final Resolver resolver;

    public AddressPolicy(List<String> allow, List<String> deny) {
        this(allow, deny, InetAddress::getAllByName);
    }

    public AddressPolicy(List<String> allow, List<String> deny, Resolver resolver) {
        this.allow = normalize(allow);
        this.deny = normalize(deny);
        this.resolver = resolver;
    }

    /** Parses comma- or space-separated lists, as configured. */
    public static AddressPolicy of(String allow, String deny) {
        return new AddressPolicy(split(allow), split(deny));
    }

    public static AddressPolicy defaults() {
        return new AddressPolicy(List.of(), List.of());
    }

    private static List<String> split(String s) {
        if (s == null || s.isBlank()) return List.of();
        return Arrays.stream(s.split("[,\\s]+")).filter(x -> !x.isBlank()).toList();
    }

    private static List<String> normalize(List<String> entries) {
        List<String> out = new ArrayList<>();
        for (String e : entries == null ? List.<String>of() : entries)
            out.add(e.strip().toLowerCase(Locale.ROOT));
        return List.copyOf(out);
    }

    /** The outcome of a check: why the host is refused, or the address to pin connections to (if it resolved). */
    public record Verdict(Optional<String> problem, InetAddress pinned) {}

    /** Why connecting to the host is refused, or empty when it is allowed. */
    public Optional<String> problem(String host) {
        return check(host).problem();
    }

    /**
     * Checks the host and, when it is a name that resolved to allowed addresses, gives the first of them, so that
     * the connection can be pinned to the address that was checked (a second lookup could answer differently).
     */
    public Verdict check(String host) {
        Optional<String> early = early(host);
        String h = host == null ? "" : bare(host);
        if (early != null && early.isPresent()) return new Verdict(early, null);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(h);
        } catch (UnknownHostException e) {
            addresses = new InetAddress[0];
        }
        if (addresses.length == 0) {
            return new Verdict(Optional.of("names the host " + h + ", which does not resolve"), null);
        }
        // allowed by name: still pinned, to the address this lookup gives
        if (early != null) return new Verdict(early, addresses[0]);
        for (InetAddress a : addresses) {
            Optional<String> p = problem(a);
            if (p.isPresent()) {
                return new Verdict(
                        Optional.of("names " + h + ", which resolves to " + a.getHostAddress() + ": " + p.get()), null);
            }
        }
        return new Verdict(Optional.empty(), addresses[0]);
    }

    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** A verdict that needs no lookup (null: look the name up). */
    private Optional<String> early(String host) {
        if (host == null || host.isBlank()) return Optional.of("has no host");
        String h = bare(host);
        if (allow.contains(h)) return Optional.empty();
        if (deny.contains(h)) return Optional.of("names the host " + h + ", which is on the deny list");
        if (METADATA_NAMES.contains(h)) return Optional.of("names a cloud metadata service");
        if (NUMERIC.matcher(h).matches() && !CANONICAL_V4.matcher(h).matches()) {
            // 0177.0.0.1, 0x7f.1, 2130706433: forms that git and curl read as octal, hex or one number
            return Optional.of("is a numeric address in a non-standard form");
        }
        return null;
    }

    Optional<String> problem(InetAddress a) {
        for (String range : allow) if (range.contains("/") && inRange(a, range)) return Optional.empty();
        for (String range : deny) if (range.contains("/") && inRange(a, range)) return Optional.of("a denied range");
        for (String range : METADATA) if (inRange(a, range)) return Optional.of("a cloud metadata address");
        if (a.isLoopbackAddress()) return Optional.of("a loopback address");
        if (a.isLinkLocalAddress()) return Optional.of("a link-local address");
        if (a.isAnyLocalAddress()) return Optional.of("an unspecified address");
        if (a.isMulticastAddress()) return Optional.of("a multicast address");
        if (a instanceof Inet6Address v6 && isMappedOrCompat(v6)) {
            try {
                byte[] b = v6.getAddress();
                return problem(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
            } catch (UnknownHostException e) {
                return Optional.of("an address that cannot be read");
            }
        }
        return Optional.empty();
    }

    private static boolean isMappedOrCompat(Inet6Address a) {
        byte[] b = a.getAddress();
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
    }

    static boolean inRange(InetAddress a, String cidr) {
        int slash = cidr.indexOf('/');
        InetAddress net;
        try {
            net = InetAddress.getByName(cidr.substring(0, slash));
        } catch (UnknownHostException e) {
            return false;
        }
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        byte[] x = a.getAddress();
        byte[] y = net.getAddress();
        if (x.length != y.length) return false;
        for (int i = 0; i < x.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((x[i] & mask) != (y[i] & mask)) return false;
        }
        return true;
    }
}
