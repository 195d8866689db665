package ai.matrix.architect.evidence.osv;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.artifact.versioning.ComparableVersion;

/** Version orderings of the OSV ecosystems: SemVer 2.0 (npm, Go, crates.io), Maven, PEP 440 (PyPI). */
public final class Versions {
    private Versions() {}

    /** The ordering for an OSV range: {@code SEMVER} ranges use SemVer; {@code ECOSYSTEM} ranges the ecosystem's. */
    public static Comparator<String> forRange(String rangeType, String ecosystem) {
        if ("SEMVER".equals(rangeType)) return Versions::compareSemver;
        return forEcosystem(ecosystem);
    }

    public static Comparator<String> forEcosystem(String ecosystem) {
        return switch (ecosystem) {
            case "Maven" -> (a, b) -> new ComparableVersion(a).compareTo(new ComparableVersion(b));
            case "PyPI" -> Versions::comparePep440;
            case "npm", "Go", "crates.io" -> Versions::compareSemver;
            default -> (a, b) -> new ComparableVersion(a).compareTo(new ComparableVersion(b));
        };
    }

    // ------------------------------------------------------------------ SemVer 2.0

    private static final Pattern SEMVER = Pattern.compile(
            "^v?(0|[1-9]\\d*)(?:\\.(0|[1-9]\\d*))?(?:\\.(0|[1-9]\\d*))?(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?$");

    /** SemVer precedence (build metadata ignored; a leading {@code v} tolerated for Go). */
    public static int compareSemver(String a, String b) {
        Matcher x = SEMVER.matcher(a.strip());
        Matcher y = SEMVER.matcher(b.strip());
        if (!x.matches() || !y.matches()) return new ComparableVersion(a).compareTo(new ComparableVersion(b));
        for (int i = 1; i <= 3; i++) {
            int c = num(x.group(i)).compareTo(num(y.group(i)));
            if (c != 0) return c;
        }
        String pa = x.group(4), pb = y.group(4);
        if (pa == null || pb == null) return pa == null ? (pb == null ? 0 : 1) : -1;
        String[] sa = pa.split("\\."), sb = pb.split("\\.");
        for (int i = 0; i < Math.min(sa.length, sb.length); i++) {
            boolean na = sa[i].matches("\\d+"), nb = sb[i].matches("\\d+");
            int c;
            if (na && nb) c = new BigInteger(sa[i]).compareTo(new BigInteger(sb[i]));
            else if (na) c = -1;
            else if (nb) c = 1;
            else c = sa[i].compareTo(sb[i]);
            if (c != 0) return c;
        }
        return Integer.compare(sa.length, sb.length);
    }

    private static BigInteger num(String s) {
        return s == null ? BigInteger.ZERO : new BigInteger(s);
    }

    // ------------------------------------------------------------------ PEP 440

    private static final Pattern PEP440 = Pattern.compile("^v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
            + "(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\\d+)?)?"
            + "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?"
            + "(?:[-_.]?(dev)[-_.]?(\\d+)?)?"
            + "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$");

    /** A parsed PEP 440 version, ordered as the specification says. */
    record Pep440(long epoch, List<BigInteger> release, int prePhase, long pre, long post, long dev, String local)
            implements Comparable<Pep440> {
        static final long NONE_LOW = Long.MIN_VALUE;
        static final long NONE_HIGH = Long.MAX_VALUE;

        static Pep440 parse(String v) {
            Matcher m = PEP440.matcher(v.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) return null;
            List<BigInteger> release = new ArrayList<>();
            for (String p : m.group(2).split("\\.")) release.add(new BigInteger(p));
            while (release.size() > 1 && release.get(release.size() - 1).signum() == 0)
                release.remove(release.size() - 1);
            int phase = 3; // final release sorts after a, b, rc
            long pre = 0;
            if (m.group(3) != null) {
                phase = switch (m.group(3)) {
                    case "a", "alpha" -> 0;
                    case "b", "beta" -> 1;
                    default -> 2;
                };
                pre = m.group(4) == null ? 0 : Long.parseLong(m.group(4));
            }
            long post = NONE_LOW;
            if (m.group(5) != null) post = Long.parseLong(m.group(5));
            else if (m.group(6) != null) post = m.group(7) == null ? 0 : Long.parseLong(m.group(7));
            long dev = m.group(8) == null ? NONE_HIGH : (m.group(9) == null ? 0 : Long.parseLong(m.group(9)));
            // a dev release of a final version sorts before its pre-releases: 1.0.dev0 < 1.0a1 < 1.0
            if (m.group(3) == null && post == NONE_LOW && dev != NONE_HIGH) phase = -1;
            long epoch = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            return new Pep440(epoch, release, phase, pre, post, dev, m.group(10));
        }

        @Override
        public int compareTo(Pep440 o) {
            int c = Long.compare(epoch, o.epoch);
            if (c != 0) return c;
            for (int i = 0; i < Math.max(release.size(), o.release.size()); i++) {
                BigInteger x = i < release.size() ? release.get(i) : BigInteger.ZERO;
                BigInteger y = i < o.release.size() ? o.release.get(i) : BigInteger.ZERO;
                c = x.compareTo(y);
                if (c != 0) return c;
            }
            c = Integer.compare(prePhase, o.prePhase);
            if (c == 0) c = Long.compare(pre, o.pre);
            if (c == 0) c = Long.compare(post, o.post);
            if (c == 0) c = Long.compare(dev, o.dev);
            if (c == 0) c = compareLocal(local, o.local);
            return c;
        }

        private static int compareLocal(String a, String b) {
            if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
            String[] x = a.split("[-_.]"), y = b.split("[-_.]");
            for (int i = 0; i < Math.min(x.length, y.length); i++) {
                boolean nx = x[i].matches("\\d+"), ny = y[i].matches("\\d+");
                int c = nx && ny
                        ? new BigInteger(x[i]).compareTo(new BigInteger(y[i]))
                        : nx ? 1 : ny ? -1 : x[i].compareTo(y[i]);
                if (c != 0) return c;
            }
            return Integer.compare(x.length, y.length);
        }
    }

    public static int comparePep440(String a, String b) {
        Pep440 x = Pep440.parse(a), y = Pep440.parse(b);
        if (x == null || y == null) return new ComparableVersion(a).compareTo(new ComparableVersion(b));
        return x.compareTo(y);
    }
}
