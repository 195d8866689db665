package ai.matrix.architect.evidence.scan;

import ai.matrix.architect.ecosystem.Package;
import ai.matrix.architect.evidence.osv.Cvss;
import ai.matrix.architect.evidence.osv.OsvScanner;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Findings of {@code npm audit --json} (npm 7 and later, {@code auditReportVersion} 2): each advisory object in a
 * vulnerable package's {@code via}, once for every installed version of that package ({@code nodes}, looked up in
 * {@code package-lock.json}). A {@code via} that is only a package name is the advisory of a dependency, which
 * that dependency's own entry reports.
 */
public final class NpmAudit {
    /** Where the profile's {@code npm-scan} check writes the report, relative to the work tree. */
    public static final String REPORT = ai.matrix.architect.ecosystem.Npm.AUDIT_REPORT;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern GHSA = Pattern.compile("GHSA(-[23456789cfghjmpqrvwx]{4}){3}");

    private NpmAudit() {}

    /**
     * @param report what npm audit wrote
     * @param lock the work tree's {@code package-lock.json}, or a missing node
     * @param packages the SBOM's packages, for the versions of a lockfile without a {@code packages} map and for
     *     their purls
     * @throws IOException when npm wrote an error instead of a report (npm audit writes its error as JSON too)
     */
    public static ArrayNode findings(JsonNode report, JsonNode lock, List<Package> packages) throws IOException {
        if (report.path("auditReportVersion").asInt(0) != 2) {
            throw new IOException("npm audit wrote no audit report: " + error(report));
        }
        ArrayNode out = JSON.createArrayNode();
        for (Map.Entry<String, JsonNode> e : report.path("vulnerabilities").properties()) {
            JsonNode vuln = e.getValue();
            for (JsonNode via : vuln.path("via")) {
                if (!via.isObject()) continue;
                String name = via.path("name").asString(e.getKey());
                for (String version : versions(name, vuln.path("nodes"), lock, packages)) {
                    out.add(finding(via, name, version, packages));
                }
            }
        }
        return out;
    }

    private static ObjectNode finding(JsonNode via, String name, String version, List<Package> packages) {
        ObjectNode f = JSON.createObjectNode();
        String url = via.path("url").asString("");
        Matcher ghsa = GHSA.matcher(url);
        f.put("id", ghsa.find() ? ghsa.group() : "NPM-" + via.path("source").asString("?"));
        f.put("summary", via.path("title").asString(""));
        f.put("package", name);
        f.put("ecosystem", "npm");
        if (version != null) {
            f.put("version", version);
            f.put("purl", ScanReport.purl("npm", name, version, packages));
        }
        String vector = via.path("cvss").path("vectorString").asString("");
        Double score = Cvss.baseScoreV3(vector);
        String word = OsvScanner.level(via.path("severity").asString(""));
        f.put("severity", score != null ? OsvScanner.level(score) : word != null ? word : "unknown");
        if (score != null) {
            f.put("cvss_score", score);
            f.put("cvss_vector", vector);
        }
        f.put("affected_range", via.path("range").asString(""));
        if (!url.isEmpty()) f.put("url", url);
        f.putArray("fixed_in");
        return f;
    }

    private static Set<String> versions(String name, JsonNode nodes, JsonNode lock, List<Package> packages) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode node : nodes) {
            String v =
                    lock.path("packages").path(node.asString()).path("version").asString("");
            if (!v.isEmpty()) out.add(v);
        }
        if (out.isEmpty()) {
            for (Package p : packages) {
                if (p.ecosystem().equals("npm") && p.name().equals(name)) out.add(p.version());
            }
        }
        if (out.isEmpty()) out.add(null);
        return out;
    }

    /** npm's own words for what went wrong: {@code message}, or {@code error.summary}/{@code error.code}. */
    private static String error(JsonNode report) {
        for (String pointer : List.of("/message", "/error/summary", "/error/code", "/error/detail")) {
            String s = report.at(pointer).asString("").strip();
            if (!s.isEmpty()) return s;
        }
        String doc = report.toString();
        return "an unexpected document: " + doc.substring(0, Math.min(200, doc.length()));
    }
}
