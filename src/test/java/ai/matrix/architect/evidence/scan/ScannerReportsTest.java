package ai.matrix.architect.evidence.scan;

import static ai.matrix.architect.evidence.osv.OsvFixtures.npm;
import static ai.matrix.architect.evidence.osv.OsvFixtures.pypi;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class ScannerReportsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What npm 11 writes for a project depending on mkdirp 0.5.1 (which pulls minimist 0.0.8) and optimist (with
     * its own nested minimist 0.0.10): the advisories sit on minimist; mkdirp and optimist are vulnerable only
     * through it.
     */
    static final String NPM_AUDIT = """
            {
              "auditReportVersion": 2,
              "vulnerabilities": {
                "minimist": {
                  "name": "minimist",
                  "severity": "critical",
                  "isDirect": false,
                  "via": [
                    {
                      "source": 1096583,
                      "name": "minimist",
                      "dependency": "minimist",
                      "title": "Prototype Pollution in minimist",
                      "url": "https://github.com/advisories/GHSA-vh95-rmgr-6w4m",
                      "severity": "moderate",
                      "cwe": ["CWE-1321"],
                      "cvss": {"score": 5.6, "vectorString": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L"},
                      "range": "<0.2.1"
                    },
                    {
                      "source": 1097678,
                      "name": "minimist",
                      "dependency": "minimist",
                      "title": "Prototype Pollution in minimist",
                      "url": "https://github.com/advisories/GHSA-xvch-5gv4-984h",
                      "severity": "critical",
                      "cwe": ["CWE-1321"],
                      "cvss": {"score": 9.8, "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
                      "range": "<0.2.4"
                    }
                  ],
                  "effects": ["mkdirp", "optimist"],
                  "range": "<=0.2.3",
                  "nodes": ["node_modules/minimist", "node_modules/optimist/node_modules/minimist"],
                  "fixAvailable": {"name": "mkdirp", "version": "0.5.6", "isSemVerMajor": false}
                },
                "mkdirp": {
                  "name": "mkdirp",
                  "severity": "critical",
                  "isDirect": true,
                  "via": ["minimist"],
                  "effects": [],
                  "range": "0.4.1 - 0.5.1",
                  "nodes": ["node_modules/mkdirp"],
                  "fixAvailable": {"name": "mkdirp", "version": "0.5.6", "isSemVerMajor": false}
                },
                "optimist": {
                  "name": "optimist",
                  "severity": "critical",
                  "isDirect": true,
                  "via": ["minimist"],
                  "effects": [],
                  "range": ">=0.6.0",
                  "nodes": ["node_modules/optimist"],
                  "fixAvailable": false
                },
                "left-pad": {
                  "name": "left-pad",
                  "severity": "low",
                  "isDirect": true,
                  "via": [
                    {
                      "source": 1005001,
                      "name": "left-pad",
                      "dependency": "left-pad",
                      "title": "An advisory without a GitHub id or CVSS",
                      "url": "https://www.npmjs.com/advisories/1005001",
                      "severity": "low",
                      "cwe": [],
                      "cvss": {"score": 0, "vectorString": null},
                      "range": "<1.4.0"
                    }
                  ],
                  "effects": [],
                  "range": "<1.4.0",
                  "nodes": ["node_modules/left-pad"],
                  "fixAvailable": true
                }
              },
              "metadata": {
                "vulnerabilities": {"info": 0, "low": 1, "moderate": 0, "high": 0, "critical": 3, "total": 4},
                "dependencies": {"prod": 6, "dev": 0, "optional": 0, "peer": 0, "peerOptional": 0, "total": 5}
              }
            }
            """;

    static final String LOCK = """
            {"name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
             "packages": {
               "": {"name": "app", "version": "1.0.0",
                    "dependencies": {"mkdirp": "0.5.1", "optimist": "0.6.1", "left-pad": "1.3.0"}},
               "node_modules/minimist": {"version": "0.0.8"},
               "node_modules/mkdirp": {"version": "0.5.1", "dependencies": {"minimist": "0.0.8"}},
               "node_modules/optimist": {"version": "0.6.1", "dependencies": {"minimist": "~0.0.1"}},
               "node_modules/optimist/node_modules/minimist": {"version": "0.0.10"},
               "node_modules/left-pad": {"version": "1.3.0"}}}
            """;

    /** pip-audit 2.7's JSON for a requirements file: findings, a clean package, one it could not audit. */
    static final String PIP_AUDIT = """
            {"dependencies": [
              {"name": "requests", "version": "2.31.0", "vulns": [
                {"id": "GHSA-9wx4-h78v-vm56", "fix_versions": ["2.32.0"], "aliases": ["CVE-2024-35195"],
                 "description": "When making requests through a Requests `Session`, if the first request is made with `verify=False` to disable cert verification, all subsequent requests to the same host will continue to ignore cert verification regardless of changes to the value of `verify`.\\n\\n### Remediation\\nUpgrade to 2.32.0."}]},
              {"name": "Jinja2", "version": "3.1.2", "vulns": [
                {"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"], "aliases": ["CVE-2024-22195"],
                 "description": "The `xmlattr` filter in affected versions of Jinja accepts keys containing spaces."},
                {"id": "GHSA-h75v-3vvj-5mfj", "fix_versions": ["3.1.4"], "aliases": ["CVE-2024-34064"],
                 "description": "The `xmlattr` filter in affected versions of Jinja accepts keys containing non-attribute characters."}]},
              {"name": "idna", "version": "3.7", "vulns": []},
              {"name": "internal-tools", "skip_reason": "Dependency not found on PyPI and could not be audited: internal-tools (0.1.0)"}
            ], "fixes": []}
            """;

    @Test
    void npmAuditGivesEachAdvisoryOnceForEveryInstalledVersionWithItsSeverity() throws IOException {
        ArrayNode f =
                NpmAudit.findings(JSON.readTree(NPM_AUDIT), JSON.readTree(LOCK), List.of(npm("minimist", "0.0.8")));
        assertThat(f).hasSize(5);
        assertThat(f.findValuesAsString("package")).doesNotContain("mkdirp", "optimist");
        JsonNode medium = f.get(0);
        assertThat(medium.get("id").asString()).isEqualTo("GHSA-vh95-rmgr-6w4m");
        assertThat(medium.get("version").asString()).isEqualTo("0.0.8");
        assertThat(medium.get("purl").asString()).isEqualTo("pkg:npm/minimist@0.0.8");
        assertThat(medium.get("severity").asString()).isEqualTo("medium");
        assertThat(medium.get("cvss_score").asDouble()).isEqualTo(5.6);
        assertThat(medium.get("affected_range").asString()).isEqualTo("<0.2.1");
        assertThat(medium.get("summary").asString()).isEqualTo("Prototype Pollution in minimist");
        assertThat(f.get(1).get("version").asString()).isEqualTo("0.0.10");
        assertThat(f.get(1).get("purl").asString()).isEqualTo("pkg:npm/minimist@0.0.10");
        assertThat(f.get(2).get("id").asString()).isEqualTo("GHSA-xvch-5gv4-984h");
        assertThat(f.get(2).get("severity").asString()).isEqualTo("critical");
        JsonNode leftPad = f.get(4);
        assertThat(leftPad.get("id").asString()).isEqualTo("NPM-1005001");
        assertThat(leftPad.get("severity").asString()).isEqualTo("low");
        assertThat(leftPad.has("cvss_score")).isFalse();
    }

    @Test
    void anNpmErrorDocumentIsNoReport() {
        String error = """
                {"message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
                 "method": "POST", "uri": "https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
                 "statusCode": 405, "body": "", "error": {"summary": "", "detail": ""}}
                """;
        assertThatThrownBy(() -> NpmAudit.findings(JSON.readTree(error), JSON.missingNode(), List.of()))
                .hasMessage("npm audit wrote no audit report: 405 Method Not Allowed - POST"
                        + " https://registry.npmjs.org/-/npm/v1/security/advisories/bulk");
        String offline = """
                {"error": {"code": "ENOTCACHED", "summary": "request to https://registry.npmjs.org/-/npm/v1/security/advisories/bulk failed: cache mode is 'only-if-cached' but no cached response is available.", "detail": ""}}
                """;
        assertThatThrownBy(() -> NpmAudit.findings(JSON.readTree(offline), JSON.missingNode(), List.of()))
                .hasMessageContaining("cache mode is 'only-if-cached'");
    }

    @Test
    void pipAuditGivesEveryVulnerabilityWithFixesAndAliasesAndNoSeverity() throws IOException {
        ArrayNode f = PipAudit.findings(JSON.readTree(PIP_AUDIT), List.of(pypi("jinja2", "3.1.2")));
        assertThat(f.findValuesAsString("id"))
                .containsExactly("GHSA-9wx4-h78v-vm56", "GHSA-h5c8-rqwp-cp95", "GHSA-h75v-3vvj-5mfj");
        JsonNode requests = f.get(0);
        assertThat(requests.get("package").asString()).isEqualTo("requests");
        assertThat(requests.get("ecosystem").asString()).isEqualTo("PyPI");
        assertThat(requests.get("purl").asString()).isEqualTo("pkg:pypi/requests@2.31.0");
        assertThat(requests.get("severity").asString()).isEqualTo("unknown");
        assertThat(requests.get("fixed_in").get(0).asString()).isEqualTo("2.32.0");
        assertThat(requests.get("aliases").get(0).asString()).isEqualTo("CVE-2024-35195");
        assertThat(requests.get("summary").asString())
                .startsWith("When making requests through a Requests `Session`")
                .doesNotContain("Remediation");
        // the SBOM's purl for the package as it names it
        assertThat(f.get(1).get("purl").asString()).isEqualTo("pkg:pypi/jinja2@3.1.2");
        assertThatThrownBy(() -> PipAudit.findings(JSON.readTree("[]"), List.of()))
                .hasMessageContaining("no list of dependencies");
    }

    @Test
    void theReportKeepsAnAdvisoryOfAPackageVersionOnceWhicheverSourcesAndIdsReportIt() throws IOException {
        ScanReport report = new ScanReport(3);
        ArrayNode osv = JSON.createArrayNode();
        osv.add(finding("GHSA-j8r2-6x86-q33q", "requests", "2.30.0", "medium", "CVE-2023-32681"));
        osv.add(finding("GHSA-xvch-5gv4-984h", "minimist", "0.0.8", "critical"));
        report.completed("osv-database", osv);
        ArrayNode pip = JSON.createArrayNode();
        // PyPI's own id for the same advisory, naming the GitHub one as an alias
        pip.add(finding("PYSEC-2023-74", "Requests", "2.30.0", "unknown", "CVE-2023-32681", "GHSA-j8r2-6x86-q33q"));
        // the same id for another version is another finding
        pip.add(finding("GHSA-j8r2-6x86-q33q", "requests", "2.29.0", "unknown"));
        report.completed("pip-audit", pip);
        ArrayNode npmAudit = JSON.createArrayNode();
        npmAudit.add(finding("GHSA-xvch-5gv4-984h", "minimist", "0.0.8", "critical"));
        npmAudit.add(finding("GHSA-vh95-rmgr-6w4m", "minimist", "0.0.8", "medium"));
        report.completed("npm-audit", npmAudit);
        report.failed("osv-api", "the OSV API answered POST /v1/querybatch with HTTP 503");

        ObjectNode json = report.json();
        JsonNode findings = json.get("findings");
        assertThat(findings.findValuesAsString("id"))
                .containsExactly(
                        "GHSA-j8r2-6x86-q33q", "GHSA-xvch-5gv4-984h", "GHSA-j8r2-6x86-q33q", "GHSA-vh95-rmgr-6w4m");
        JsonNode merged = findings.get(0);
        assertThat(merged.get("source").asString()).isEqualTo("osv-database");
        assertThat(merged.get("also_found_by").get(0).asString()).isEqualTo("pip-audit");
        assertThat(merged.get("aliases").toString()).isEqualTo("[\"CVE-2023-32681\",\"PYSEC-2023-74\"]");
        assertThat(findings.get(1).get("also_found_by").get(0).asString()).isEqualTo("npm-audit");
        assertThat(findings.get(2).get("source").asString()).isEqualTo("pip-audit");
        assertThat(findings.get(3).get("source").asString()).isEqualTo("npm-audit");
        assertThat(json.get("counts").toString())
                .isEqualTo("{\"critical\":1,\"high\":0,\"medium\":2,\"low\":0,\"unknown\":1}");
        assertThat(report.anyCompleted()).isTrue();
        assertThat(report.failures())
                .containsExactly("osv-api: the OSV API answered POST /v1/querybatch with HTTP 503");
        assertThat(json.get("sources").findValuesAsString("status"))
                .containsExactly("completed", "completed", "completed", "failed");
    }

    @Test
    void aSourceWithASeverityGivesItToTheSameAdvisoryFoundWithout() {
        ScanReport report = new ScanReport(1);
        ArrayNode pip = JSON.createArrayNode();
        pip.add(finding("GHSA-9wx4-h78v-vm56", "requests", "2.31.0", "unknown"));
        report.completed("pip-audit", pip);
        ArrayNode osv = JSON.createArrayNode();
        ObjectNode scored = finding("GHSA-9wx4-h78v-vm56", "requests", "2.31.0", "medium");
        scored.put("cvss_score", 5.6);
        osv.add(scored);
        report.completed("osv-api", osv);
        JsonNode f = report.json().get("findings").get(0);
        assertThat(f.get("source").asString()).isEqualTo("pip-audit");
        assertThat(f.get("severity").asString()).isEqualTo("medium");
        assertThat(f.get("cvss_score").asDouble()).isEqualTo(5.6);
        assertThat(report.json().at("/counts/unknown").asInt()).isZero();
    }

    private static ObjectNode finding(String id, String pkg, String version, String severity, String... aliases) {
        ObjectNode f = JSON.createObjectNode();
        f.put("id", id);
        ArrayNode a = f.putArray("aliases");
        for (String alias : aliases) a.add(alias);
        f.put("package", pkg);
        f.put("ecosystem", pkg.equals("minimist") ? "npm" : "PyPI");
        f.put("version", version);
        f.put("severity", severity);
        f.putArray("fixed_in");
        return f;
    }
}
