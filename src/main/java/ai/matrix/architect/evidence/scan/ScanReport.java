package ai.matrix.architect.evidence.scan;

import ai.matrix.architect.ecosystem.Package;
import ai.matrix.architect.evidence.ResolvedDependencies;
import ai.matrix.architect.evidence.osv.OsvDatabase;
import ai.matrix.architect.evidence.osv.OsvScanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One vulnerability report from several sources (the offline OSV database, the OSV API, npm audit, pip-audit).
 * Each finding names its {@code source}; an advisory of a package version that a later source reports again (same
 * id, or an id or alias in common) is kept once, the later sources listed in {@code also_found_by}, and takes the
 * later severity when its own is unknown. Counts are made from the merged findings.
 */
public final class ScanReport {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ObjectNode report = JSON.createObjectNode();
    private final ArrayNode sources;
    private final List<ObjectNode> findings = new ArrayList<>();
    private final Map<String, List<ObjectNode>> byPackageVersion = new HashMap<>();

    public ScanReport(int componentsScanned) {
        report.put("scanner", "matrix-architect");
        report.put("components_scanned", componentsScanned);
        sources = report.putArray("sources");
    }

    /** Adds the findings of a source that ran; returns its entry in {@code sources} for details. */
    public ObjectNode completed(String source, ArrayNode found) {
        ObjectNode s = sources.addObject();
        s.put("name", source);
        s.put("status", "completed");
        s.put("findings", found.size());
        for (JsonNode f : found) add(source, (ObjectNode) f.deepCopy());
        return s;
    }

    /** Records a source that was asked but gave no answer. */
    public void failed(String source, String reason) {
        ObjectNode s = sources.addObject();
        s.put("name", source);
        s.put("status", "failed");
        s.put("reason", reason);
    }

    public boolean anyCompleted() {
        for (JsonNode s : sources) if (s.path("status").asString().equals("completed")) return true;
        return false;
    }

    /** {@code <source>: <reason>} of each source that failed. */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        for (JsonNode s : sources) {
            if (s.path("status").asString().equals("failed")) {
                out.add(s.path("name").asString() + ": " + s.path("reason").asString());
            }
        }
        return out;
    }

    public ArrayNode sources() {
        return sources;
    }

    public ObjectNode json() {
        ArrayNode list = report.putArray("findings");
        findings.forEach(list::add);
        report.set("counts", OsvScanner.counts(findings));
        return report;
    }

    private void add(String source, ObjectNode f) {
        String key = OsvDatabase.key(
                        f.path("ecosystem").asString(""), f.path("package").asString(""))
                + "\u0000" + f.path("version").asString("");
        List<ObjectNode> same = byPackageVersion.computeIfAbsent(key, k -> new ArrayList<>());
        Set<String> ids = ids(f);
        for (ObjectNode existing : same) {
            Set<String> theirs = ids(existing);
            theirs.retainAll(ids);
            if (!theirs.isEmpty()) {
                merge(existing, source, f);
                return;
            }
        }
        f.put("source", source);
        same.add(f);
        findings.add(f);
    }

    private static void merge(ObjectNode existing, String source, ObjectNode f) {
        if (!existing.path("source").asString().equals(source)) {
            ArrayNode also = existing.has("also_found_by")
                    ? (ArrayNode) existing.get("also_found_by")
                    : existing.putArray("also_found_by");
            boolean listed = false;
            for (JsonNode n : also) listed |= n.asString().equals(source);
            if (!listed) also.add(source);
        }
        Set<String> aliases = ids(existing);
        aliases.addAll(ids(f));
        aliases.remove(existing.path("id").asString());
        if (!aliases.isEmpty()) {
            ArrayNode a = existing.putArray("aliases");
            aliases.forEach(a::add);
        }
        if (existing.path("severity").asString("unknown").equals("unknown")
                && !f.path("severity").asString("unknown").equals("unknown")) {
            for (String field : List.of("severity", "cvss_score", "cvss_vector")) {
                if (f.has(field)) existing.set(field, f.get(field));
            }
        }
        Set<String> fixed = new LinkedHashSet<>();
        existing.path("fixed_in").forEach(n -> fixed.add(n.asString()));
        f.path("fixed_in").forEach(n -> fixed.add(n.asString()));
        ArrayNode fixedIn = existing.putArray("fixed_in");
        fixed.forEach(fixedIn::add);
    }

    /** The SBOM's purl of a package version, else one made the way the SBOM makes it. */
    static String purl(String ecosystem, String name, String version, List<Package> packages) {
        String key = OsvDatabase.key(ecosystem, name);
        for (Package p : packages) {
            if (p.ecosystem().equals(ecosystem)
                    && OsvDatabase.key(p.ecosystem(), p.name()).equals(key)
                    && version.equals(p.version())) {
                return p.purl();
            }
        }
        return ResolvedDependencies.purl(ecosystem, name, version);
    }

    private static Set<String> ids(JsonNode f) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(f.path("id").asString(""));
        f.path("aliases").forEach(a -> ids.add(a.asString()));
        ids.remove("");
        return ids;
    }
}
