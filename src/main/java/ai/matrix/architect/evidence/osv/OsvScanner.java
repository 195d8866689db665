package ai.matrix.architect.evidence.osv;

import ai.matrix.architect.ecosystem.Package;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Matches packages against OSV advisories; the report lists findings and counts them by severity. */
public final class OsvScanner {
    public static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "unknown");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OsvScanner() {}

    public static ObjectNode scan(List<Package> packages, OsvDatabase db) {
        ObjectNode report = JSON.createObjectNode();
        report.put("scanner", "matrix-architect osv");
        ObjectNode database = report.putObject("database");
        database.put("source", db.source());
        database.put("advisories", db.size());
        report.put("components_scanned", packages.size());
        ArrayNode findings = findings(packages, p -> db.advisories(p.ecosystem(), p.name()));
        report.set("findings", findings);
        report.set("counts", counts(findings));
        return report;
    }

    /**
     * One finding for each package and advisory of {@code advisories} whose affected entry for that package covers
     * its version, wherever the advisories come from (the offline database, the OSV API).
     */
    public static ArrayNode findings(List<Package> packages, Function<Package, List<JsonNode>> advisories) {
        ArrayNode findings = JSON.createArrayNode();
        for (Package p : packages) {
            for (JsonNode adv : advisories.apply(p)) {
                JsonNode hit = null;
                for (JsonNode affected : adv.path("affected")) {
                    JsonNode pkg = affected.path("package");
                    if (!OsvDatabase.key(
                                    pkg.path("ecosystem").asString(""),
                                    pkg.path("name").asString(""))
                            .equals(OsvDatabase.key(p.ecosystem(), p.name()))) {
                        continue;
                    }
                    if (OsvMatcher.affects(affected, p.ecosystem(), p.version())) {
                        hit = affected;
                        break;
                    }
                }
                if (hit == null) continue;
                ObjectNode f = findings.addObject();
                f.put("id", adv.path("id").asString());
                if (adv.has("aliases")) f.set("aliases", adv.get("aliases"));
                f.put("summary", adv.path("summary").asString(""));
                f.put("package", p.name());
                f.put("ecosystem", p.ecosystem());
                f.put("version", p.version());
                f.put("purl", p.purl());
                Severity s = severity(adv, hit);
                f.put("severity", s.level);
                if (s.score != null) f.put("cvss_score", s.score);
                if (s.vector != null) f.put("cvss_vector", s.vector);
                ArrayNode fixed = f.putArray("fixed_in");
                for (JsonNode r : hit.path("ranges")) {
                    for (JsonNode e : r.path("events"))
                        if (e.has("fixed")) fixed.add(e.get("fixed").asString());
                }
            }
        }
        return findings;
    }

    /** Findings counted by their {@code severity}, every level of {@link #SEVERITIES} present. */
    public static ObjectNode counts(Iterable<? extends JsonNode> findings) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        SEVERITIES.forEach(s -> counts.put(s, 0));
        for (JsonNode f : findings) counts.merge(f.path("severity").asString("unknown"), 1, Integer::sum);
        ObjectNode c = JSON.createObjectNode();
        counts.forEach(c::put);
        return c;
    }

    record Severity(String level, Double score, String vector) {}

    /** The highest CVSS v3 base score among the advisory's vectors, else the database's own severity word. */
    static Severity severity(JsonNode adv, JsonNode affected) {
        Double best = null;
        String vector = null;
        for (JsonNode s : adv.path("severity")) {
            Double score = Cvss.baseScoreV3(s.path("score").asString(""));
            if (score != null && (best == null || score > best)) {
                best = score;
                vector = s.path("score").asString();
            }
        }
        for (JsonNode s : affected.path("severity")) {
            Double score = Cvss.baseScoreV3(s.path("score").asString(""));
            if (score != null && (best == null || score > best)) {
                best = score;
                vector = s.path("score").asString();
            }
        }
        if (best != null) return new Severity(level(best), best, vector);
        for (JsonNode n : List.of(
                affected.path("ecosystem_specific").path("severity"),
                affected.path("database_specific").path("severity"),
                adv.path("database_specific").path("severity"))) {
            String level = level(n.asString(""));
            if (level != null) return new Severity(level, null, null);
        }
        return new Severity("unknown", null, null);
    }

    /** The level of a CVSS base score (critical ≥ 9, high ≥ 7, medium ≥ 4, else low). */
    public static String level(double score) {
        String level = Cvss.severity(score);
        return level.equals("none") ? "low" : level;
    }

    /**
     * One of {@link #SEVERITIES} for a database's or tool's own severity word (GitHub's and npm's
     * {@code moderate} is medium, npm's {@code info} low), or null for a word it does not know.
     */
    public static String level(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "critical", "high", "medium", "low" -> word.toLowerCase(Locale.ROOT);
            case "moderate" -> "medium";
            case "info" -> "low";
            default -> null;
        };
    }
}
