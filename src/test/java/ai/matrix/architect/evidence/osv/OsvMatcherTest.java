package ai.matrix.architect.evidence.osv;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.ecosystem.Package;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class OsvMatcherTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode affected(String ecosystem, String rangeType, String events, String versions) {
        return JSON.readTree(
                "{\"package\":{\"ecosystem\":\"" + ecosystem + "\",\"name\":\"x\"},\"ranges\":[{\"type\":\"" + rangeType
                        + "\",\"events\":" + events + "}],\"versions\":" + versions + "}");
    }

    @Test
    void introducedZeroCoversEverythingBeforeTheFix() {
        JsonNode a = affected("npm", "SEMVER", "[{\"introduced\":\"0\"},{\"fixed\":\"1.2.3\"}]", "[]");
        assertThat(OsvMatcher.affects(a, "npm", "0.0.1")).isTrue();
        assertThat(OsvMatcher.affects(a, "npm", "1.2.3-beta.1")).isTrue(); // a pre-release sorts before its release
        assertThat(OsvMatcher.affects(a, "npm", "1.2.3")).isFalse();
        assertThat(OsvMatcher.affects(a, "npm", "1.10.0")).isFalse();
    }

    @Test
    void lastAffectedIsInclusiveAndSeveralRangesAreIndependent() {
        JsonNode a = affected(
                "PyPI",
                "ECOSYSTEM",
                "[{\"introduced\":\"1.0\"},{\"last_affected\":\"1.4\"},{\"introduced\":\"2.0\"},{\"fixed\":\"2.1\"}]",
                "[]");
        assertThat(OsvMatcher.affects(a, "PyPI", "0.9")).isFalse();
        assertThat(OsvMatcher.affects(a, "PyPI", "1.0")).isTrue();
        assertThat(OsvMatcher.affects(a, "PyPI", "1.4")).isTrue();
        assertThat(OsvMatcher.affects(a, "PyPI", "1.4.0")).isTrue(); // PEP 440: 1.4 == 1.4.0
        assertThat(OsvMatcher.affects(a, "PyPI", "1.4.1")).isFalse();
        assertThat(OsvMatcher.affects(a, "PyPI", "1.9")).isFalse();
        assertThat(OsvMatcher.affects(a, "PyPI", "2.0.5")).isTrue();
        assertThat(OsvMatcher.affects(a, "PyPI", "2.1")).isFalse();
    }

    @Test
    void pep440PreReleasesDevAndPostReleasesOrderAsTheSpecificationSays() {
        JsonNode a = affected("PyPI", "ECOSYSTEM", "[{\"introduced\":\"0\"},{\"fixed\":\"2.0\"}]", "[]");
        assertThat(OsvMatcher.affects(a, "PyPI", "2.0rc1")).isTrue();
        assertThat(OsvMatcher.affects(a, "PyPI", "2.0.dev3")).isTrue();
        assertThat(OsvMatcher.affects(a, "PyPI", "2.0a1")).isTrue();
        assertThat(OsvMatcher.affects(a, "PyPI", "2.0.post1")).isFalse();
        assertThat(Versions.comparePep440("1.0.dev0", "1.0a1")).isNegative();
        assertThat(Versions.comparePep440("1.0a1", "1.0b1")).isNegative();
        assertThat(Versions.comparePep440("1.0b2", "1.0rc1")).isNegative();
        assertThat(Versions.comparePep440("1.0rc1", "1.0")).isNegative();
        assertThat(Versions.comparePep440("1.0", "1.0.post1")).isNegative();
        assertThat(Versions.comparePep440("1.0a1.dev1", "1.0a1")).isNegative();
        assertThat(Versions.comparePep440("1.0", "1.0+local.1")).isNegative();
        assertThat(Versions.comparePep440("1!0.5", "2.0")).isPositive();
        assertThat(Versions.comparePep440("1.0-1", "1.0.post1")).isZero();
        assertThat(Versions.comparePep440("1.0.RC1", "1.0rc1")).isZero();
    }

    @Test
    void mavenQualifiersOrderLikeMaven() {
        JsonNode a = affected("Maven", "ECOSYSTEM", "[{\"introduced\":\"2.0\"},{\"fixed\":\"2.1\"}]", "[]");
        assertThat(OsvMatcher.affects(a, "Maven", "2.0-alpha-1")).isFalse(); // alpha sorts before the release
        assertThat(OsvMatcher.affects(a, "Maven", "2.0")).isTrue();
        assertThat(OsvMatcher.affects(a, "Maven", "2.0.9")).isTrue();
        assertThat(OsvMatcher.affects(a, "Maven", "2.1-RC1")).isTrue(); // RC before the release
        assertThat(OsvMatcher.affects(a, "Maven", "2.1-SNAPSHOT")).isTrue();
        assertThat(OsvMatcher.affects(a, "Maven", "2.1")).isFalse();
        assertThat(OsvMatcher.affects(a, "Maven", "2.1-sp1")).isFalse(); // sp after the release
        assertThat(OsvMatcher.affects(a, "Maven", "2.1.Final")).isFalse(); // final == release
        assertThat(OsvMatcher.affects(a, "Maven", "2.10")).isFalse(); // numeric, not lexical
    }

    @Test
    void semverNumericAndPreReleaseOrderingAndExplicitVersions() {
        assertThat(Versions.compareSemver("1.0.0-alpha", "1.0.0-alpha.1")).isNegative();
        assertThat(Versions.compareSemver("1.0.0-alpha.1", "1.0.0-alpha.beta")).isNegative();
        assertThat(Versions.compareSemver("1.0.0-beta.2", "1.0.0-beta.11")).isNegative();
        assertThat(Versions.compareSemver("1.0.0-rc.1", "1.0.0")).isNegative();
        assertThat(Versions.compareSemver("1.0.0+build.5", "1.0.0")).isZero();
        assertThat(Versions.compareSemver("v1.9.0", "v1.10.0")).isNegative();
        JsonNode a = affected("npm", "SEMVER", "[]", "[\"3.3.3\"]");
        assertThat(OsvMatcher.affects(a, "npm", "3.3.3")).isTrue();
        assertThat(OsvMatcher.affects(a, "npm", "3.3.4")).isFalse();
    }

    @Test
    void cvssV3BaseScores() {
        assertThat(Cvss.baseScoreV3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"))
                .isEqualTo(9.8);
        assertThat(Cvss.baseScoreV3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"))
                .isEqualTo(10.0);
        assertThat(Cvss.baseScoreV3("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"))
                .isEqualTo(6.1);
        assertThat(Cvss.baseScoreV3("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N"))
                .isEqualTo(5.5);
        assertThat(Cvss.baseScoreV3("CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N"))
                .isEqualTo(3.7);
        assertThat(Cvss.baseScoreV3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"))
                .isEqualTo(0.0);
        assertThat(Cvss.baseScoreV3("AV:N/AC:L/Au:N/C:P/I:P/A:P")).isNull();
        assertThat(Cvss.severity(9.8)).isEqualTo("critical");
        assertThat(Cvss.severity(7.0)).isEqualTo("high");
        assertThat(Cvss.severity(6.1)).isEqualTo("medium");
        assertThat(Cvss.severity(3.7)).isEqualTo("low");
    }

    @Test
    void scanReportsAffectedVersionsWithSeverityFromADirectoryOrAZip(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("GHSA-1.json"), """
                {"id":"GHSA-1","summary":"bad","severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                 "affected":[{"package":{"ecosystem":"npm","name":"left-pad"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.3.0"}]}]}]}
                """);
        Files.writeString(dir.resolve("GHSA-2.json"), """
                {"id":"GHSA-2","summary":"other range","database_specific":{"severity":"MODERATE"},
                 "affected":[{"package":{"ecosystem":"npm","name":"left-pad"},"ranges":[{"type":"SEMVER","events":[{"introduced":"2.0.0"}]}]}]}
                """);
        Files.writeString(dir.resolve("PYSEC-1.json"), """
                {"id":"PYSEC-1","database_specific":{"severity":"MODERATE"},
                 "affected":[{"package":{"ecosystem":"PyPI","name":"Requests"},"versions":["2.31.0"]}]}
                """);
        List<Package> pkgs = List.of(
                new Package(
                        "npm",
                        "left-pad",
                        "1.2.0",
                        "pkg:npm/left-pad@1.2.0",
                        Map.of(),
                        List.of(),
                        false,
                        List.of(),
                        "x"),
                new Package(
                        "PyPI",
                        "requests",
                        "2.31.0",
                        "pkg:pypi/requests@2.31.0",
                        Map.of(),
                        List.of(),
                        false,
                        List.of(),
                        "y"));
        ObjectNode report = OsvScanner.scan(pkgs, OsvDatabase.load(dir));
        assertThat(report.get("findings")).hasSize(2);
        assertThat(report.get("findings").get(0).get("id").asString()).isEqualTo("GHSA-1");
        assertThat(report.get("findings").get(0).get("severity").asString()).isEqualTo("critical");
        assertThat(report.get("findings").get(0).get("cvss_score").asDouble()).isEqualTo(9.8);
        assertThat(report.get("findings").get(1).get("severity").asString()).isEqualTo("medium");
        assertThat(report.get("counts").get("critical").asInt()).isEqualTo(1);
        assertThat(report.get("counts").get("high").asInt()).isZero();

        Path zip = dir.resolve("all.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("GHSA-1.json"));
            out.write(Files.readAllBytes(dir.resolve("GHSA-1.json")));
            out.closeEntry();
        }
        OsvDatabase fromZip = OsvDatabase.load(zip);
        assertThat(fromZip.size()).isEqualTo(1);
        assertThat(OsvScanner.scan(pkgs, fromZip).get("findings")).hasSize(1);
    }
}
