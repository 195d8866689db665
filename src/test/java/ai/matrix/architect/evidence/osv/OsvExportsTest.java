package ai.matrix.architect.evidence.osv;

import static ai.matrix.architect.evidence.osv.OsvFixtures.npm;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsvExportsTest {
    @TempDir
    Path dir;

    @Test
    void downloadsOnceThenAsksConditionallyAndABadDownloadKeepsTheOldExport() throws Exception {
        try (OsvExportServer server = new OsvExportServer()) {
            byte[] first = OsvFixtures.zip(OsvFixtures.MINIMIST_MEDIUM);
            server.put("npm", first, "\"v1\"");
            OsvExports exports = new OsvExports(server.url(), dir, Duration.ofSeconds(10));
            List<String> log = new ArrayList<>();

            List<OsvExports.Outcome> outcomes = exports.refresh(List.of("npm", "PyPI"), log::add);
            assertThat(outcomes)
                    .as(outcomes.toString())
                    .extracting(OsvExports.Outcome::status)
                    .containsExactly("downloaded", "failed");
            assertThat(outcomes.get(0).detail()).startsWith("1 advisories");
            assertThat(outcomes.get(1).detail()).isEqualTo("HTTP 404");
            Path npmExport = dir.resolve("npm/all.zip");
            assertThat(Files.readAllBytes(npmExport)).isEqualTo(first);
            assertThat(dir.resolve("PyPI/all.zip")).doesNotExist();
            assertThat(log).hasSize(2).first().asString().startsWith("OSV export npm: downloaded (1 advisories");
            // the nested export is what the database reads
            assertThat(OsvDatabase.load(dir).advisories("npm", "minimist")).hasSize(1);

            assertThat(exports.refresh("npm").status()).isEqualTo("unchanged");
            assertThat(server.requests.get(2).ifNoneMatch()).isEqualTo("\"v1\"");
            assertThat(server.requests.get(2).ifModifiedSince()).isEqualTo("Tue, 04 Mar 2025 10:00:00 GMT");
            assertThat(server.requests.get(2).status()).isEqualTo(304);

            // a changed export that arrives broken (cut short, then not a zip at all) leaves the old one
            byte[] second = OsvFixtures.zip(OsvFixtures.MINIMIST_MEDIUM, OsvFixtures.MINIMIST_CRITICAL);
            server.put("npm", java.util.Arrays.copyOf(second, second.length - 30), "\"v2\"");
            OsvExports.Outcome cut = exports.refresh("npm");
            assertThat(cut.status()).isEqualTo("failed");
            assertThat(cut.detail()).contains("not a readable zip").contains("the previous " + npmExport + " is kept");
            server.put("npm", "<html>quota exceeded</html>".getBytes(StandardCharsets.UTF_8), "\"v3\"");
            assertThat(exports.refresh("npm").status()).isEqualTo("failed");
            server.put("npm", OsvFixtures.zip(), "\"v4\"");
            assertThat(exports.refresh("npm").detail()).contains("without OSV JSON entries");
            assertThat(Files.readAllBytes(npmExport)).isEqualTo(first);
            try (Stream<Path> left = Files.list(dir.resolve("npm"))) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("all.zip", ".all.zip.http");
            }
            // the failed downloads did not take the old export's validators
            assertThat(server.requests.getLast().ifNoneMatch()).isEqualTo("\"v1\"");

            server.put("npm", second, "\"v5\"");
            assertThat(exports.refresh("npm").status()).isEqualTo("downloaded");
            assertThat(Files.readAllBytes(npmExport)).isEqualTo(second);
            assertThat(exports.refresh("npm").status()).isEqualTo("unchanged");
        }
    }

    @Test
    void theCacheReadsTheDatabaseAgainOnlyWhenAFileChanged() throws Exception {
        Files.createDirectories(dir.resolve("npm"));
        Path export = dir.resolve("npm/all.zip");
        Files.write(export, OsvFixtures.zip(OsvFixtures.MINIMIST_MEDIUM));
        OsvDatabaseCache cache = new OsvDatabaseCache();
        OsvDatabase first = cache.get(dir);
        assertThat(cache.get(dir)).isSameAs(first);

        Files.write(export, OsvFixtures.zip(OsvFixtures.MINIMIST_MEDIUM, OsvFixtures.MINIMIST_CRITICAL));
        Files.setLastModifiedTime(export, FileTime.from(Instant.now().plusSeconds(5)));
        OsvDatabase second = cache.get(dir);
        assertThat(second).isNotSameAs(first);
        assertThat(second.size()).isEqualTo(2);
        assertThat(OsvScanner.scan(List.of(npm("minimist", "0.0.8")), second).get("findings"))
                .hasSize(2);

        Files.writeString(dir.resolve("extra.json"), OsvFixtures.REQUESTS_FIXED_IN_2_32);
        assertThat(cache.get(dir).size()).isEqualTo(3);
    }
}
