package ai.matrix.architect.evidence.scan;

import ai.matrix.architect.ecosystem.Package;
import java.io.IOException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Findings of {@code pip-audit -f json}: every vulnerability of every audited dependency. pip-audit states no
 * severity, so its findings are {@code unknown} unless another source reports the same advisory (see
 * {@link ScanReport}); dependencies it skipped ({@code skip_reason}) have no vulnerabilities listed.
 */
public final class PipAudit {
    /** Where the profile's {@code python-scan} check writes the report, relative to the work tree. */
    public static final String REPORT = ai.matrix.architect.ecosystem.Python.AUDIT_REPORT;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SUMMARY = 300;

    private PipAudit() {}

    /** @param packages the SBOM's packages, for their purls */
    public static ArrayNode findings(JsonNode report, List<Package> packages) throws IOException {
        JsonNode deps = report.path("dependencies");
        if (!deps.isArray()) {
            throw new IOException("pip-audit wrote no list of dependencies (a report of another format?)");
        }
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode dep : deps) {
            String name = dep.path("name").asString("");
            String version = dep.path("version").asString("");
            for (JsonNode v : dep.path("vulns")) {
                ObjectNode f = out.addObject();
                f.put("id", v.path("id").asString(""));
                ArrayNode aliases = f.putArray("aliases");
                v.path("aliases").forEach(aliases::add);
                f.put("summary", summary(v.path("description").asString("")));
                f.put("package", name);
                f.put("ecosystem", "PyPI");
                f.put("version", version);
                f.put("purl", ScanReport.purl("PyPI", name, version, packages));
                f.put("severity", "unknown");
                ArrayNode fixed = f.putArray("fixed_in");
                v.path("fix_versions").forEach(fixed::add);
            }
        }
        return out;
    }

    /** The description's first line: pip-audit gives OSV's {@code details}, often pages long. */
    private static String summary(String description) {
        String line = description.strip().lines().findFirst().orElse("");
        return line.length() <= SUMMARY ? line : line.substring(0, SUMMARY - 1) + "…";
    }
}
