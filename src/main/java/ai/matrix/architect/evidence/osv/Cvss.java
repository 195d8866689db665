package ai.matrix.architect.evidence.osv;

import java.util.HashMap;
import java.util.Map;

/** CVSS v3.0/v3.1 base scores from vector strings, and the qualitative severity of a score. */
public final class Cvss {
    private Cvss() {}

    /** The base score of a {@code CVSS:3.x/AV:…} vector, or null when the vector is not CVSS v3. */
    public static Double baseScoreV3(String vector) {
        if (vector == null || !vector.startsWith("CVSS:3.")) return null;
        Map<String, String> m = new HashMap<>();
        for (String part : vector.split("/")) {
            int i = part.indexOf(':');
            if (i > 0) m.put(part.substring(0, i), part.substring(i + 1));
        }
        try {
            boolean changed = "C".equals(m.get("S"));
            double av = switch (m.get("AV")) {
                case "N" -> 0.85;
                case "A" -> 0.62;
                case "L" -> 0.55;
                case "P" -> 0.2;
                default -> throw new IllegalArgumentException();
            };
            double ac = switch (m.get("AC")) {
                case "L" -> 0.77;
                case "H" -> 0.44;
                default -> throw new IllegalArgumentException();
            };
            double pr = switch (m.get("PR")) {
                case "N" -> 0.85;
                case "L" -> changed ? 0.68 : 0.62;
                case "H" -> changed ? 0.5 : 0.27;
                default -> throw new IllegalArgumentException();
            };
            double ui = switch (m.get("UI")) {
                case "N" -> 0.85;
                case "R" -> 0.62;
                default -> throw new IllegalArgumentException();
            };
            double iss = 1 - (1 - cia(m.get("C"))) * (1 - cia(m.get("I"))) * (1 - cia(m.get("A")));
            double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
            double exploitability = 8.22 * av * ac * pr * ui;
            if (impact <= 0) return 0.0;
            return roundUp(Math.min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static double cia(String v) {
        return switch (v) {
            case "H" -> 0.56;
            case "L" -> 0.22;
            case "N" -> 0;
            default -> throw new IllegalArgumentException();
        };
    }

    /** CVSS v3.1 Roundup: the smallest number with one decimal that is equal to or higher than its input. */
    static double roundUp(double x) {
        long i = Math.round(x * 100000);
        return i % 10000 == 0 ? i / 100000.0 : (Math.floor(i / 10000.0) + 1) / 10.0;
    }

    /** {@code critical}, {@code high}, {@code medium}, {@code low} or {@code none}. */
    public static String severity(double score) {
        if (score >= 9.0) return "critical";
        if (score >= 7.0) return "high";
        if (score >= 4.0) return "medium";
        if (score > 0) return "low";
        return "none";
    }
}
