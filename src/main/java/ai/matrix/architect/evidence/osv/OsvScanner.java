package ai.matrix.architect.evidence.osv;

import ai.matrix.architect.evidence.Package;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Matches packages against an {@link OsvDatabase}; the report lists findings and counts them by severity. */
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
        Map<String, Integer> counts = new LinkedHashMap<>();
        SEVERITIES.forEach(s -> counts.put(s, 0));
        ArrayNode findings = report.putArray("findings");
        for (Package p : packages) {
            for (JsonNode adv : db.advisories(p.ecosystem(), p.name())) {
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
                counts.merge(s.level, 1, Integer::sum);
            }
        }
        ObjectNode c = report.putObject("counts");
        counts.forEach(c::put);
        return report;
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
        if (best != null) {
            String level = Cvss.severity(best);
            return new Severity(level.equals("none") ? "low" : level, best, vector);
        }
        for (JsonNode n : List.of(
                affected.path("ecosystem_specific").path("severity"),
                affected.path("database_specific").path("severity"),
                adv.path("database_specific").path("severity"))) {
            String word = n.asString("").toLowerCase(Locale.ROOT);
            switch (word) {
                case "critical", "high", "medium", "low" -> {
                    return new Severity(word, null, null);
                }
                case "moderate" -> {
                    return new Severity("medium", null, null);
                }
                default -> {}
            }
        }
        return new Severity("unknown", null, null);
    }
}
