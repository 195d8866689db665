package ai.matrix.architect.evidence.osv;

import ai.matrix.architect.ecosystem.Package;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * OSV records shaped like the real ones of the advisories they are named after (ids, packages, ranges and CVSS
 * vectors as published; texts shortened), and the packages the tests scan.
 */
public final class OsvFixtures {
    private OsvFixtures() {}

    /** minimist prototype pollution, CVSS 5.6 (medium): below 0.2.1, and 1.0.0 to below 1.2.3. */
    public static final String MINIMIST_MEDIUM = """
            {"id": "GHSA-vh95-rmgr-6w4m", "modified": "2024-02-05T21:18:38Z", "aliases": ["CVE-2020-7598"],
             "summary": "Prototype Pollution in minimist",
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L"}],
             "affected": [{"package": {"ecosystem": "npm", "name": "minimist", "purl": "pkg:npm/minimist"},
                           "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "0.2.1"}]}]},
                          {"package": {"ecosystem": "npm", "name": "minimist", "purl": "pkg:npm/minimist"},
                           "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.0.0"}, {"fixed": "1.2.3"}]}]}],
             "database_specific": {"severity": "MODERATE", "github_reviewed": true}}
            """;

    /** minimist prototype pollution, CVSS 9.8 (critical): below 0.2.4, and 1.0.0 to below 1.2.6. */
    public static final String MINIMIST_CRITICAL = """
            {"id": "GHSA-xvch-5gv4-984h", "modified": "2024-03-14T05:39:56Z", "aliases": ["CVE-2021-44906"],
             "summary": "Prototype Pollution in minimist",
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
             "affected": [{"package": {"ecosystem": "npm", "name": "minimist", "purl": "pkg:npm/minimist"},
                           "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "0.2.4"}]}]},
                          {"package": {"ecosystem": "npm", "name": "minimist", "purl": "pkg:npm/minimist"},
                           "ranges": [{"type": "SEMVER", "events": [{"introduced": "1.0.0"}, {"fixed": "1.2.6"}]}]}],
             "database_specific": {"severity": "CRITICAL", "github_reviewed": true}}
            """;

    /** requests leaking Proxy-Authorization, fixed in 2.31.0: 2.31.0 itself is outside its range. */
    public static final String REQUESTS_FIXED_IN_2_31 = """
            {"id": "GHSA-j8r2-6x86-q33q", "modified": "2023-11-08T04:14:11Z", "aliases": ["CVE-2023-32681"],
             "summary": "Unintended leak of Proxy-Authorization header in requests",
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N"}],
             "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
                           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.3.0"}, {"fixed": "2.31.0"}]}]}]}
            """;

    /** requests' session verify=False carry-over, fixed in 2.32.0: 2.31.0 is affected. */
    public static final String REQUESTS_FIXED_IN_2_32 = """
            {"id": "GHSA-9wx4-h78v-vm56", "modified": "2024-06-10T20:00:00Z", "aliases": ["CVE-2024-35195"],
             "summary": "Requests Session object does not verify requests after making first request with verify=False",
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:N"}],
             "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
                           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.32.0"}]}]}]}
            """;

    public static Package npm(String name, String version) {
        return new Package(
                "npm", name, version, "pkg:npm/" + name + "@" + version, Map.of(), List.of(), false, List.of(), "x");
    }

    public static Package pypi(String name, String version) {
        return new Package(
                "PyPI", name, version, "pkg:pypi/" + name + "@" + version, Map.of(), List.of(), false, List.of(), "y");
    }

    /** A zip of {@code <id>.json} entries, the layout of OSV's {@code all.zip} exports. */
    public static byte[] zip(String... advisories) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String adv : advisories) {
                String id = adv.replaceAll("(?s)^.*?\"id\": \"([^\"]+)\".*$", "$1");
                out.putNextEntry(new ZipEntry(id + ".json"));
                out.write(adv.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
