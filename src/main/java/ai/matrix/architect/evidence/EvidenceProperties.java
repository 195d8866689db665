package ai.matrix.architect.evidence;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Evidence settings, bound from {@code architect.evidence.*}.
 *
 * @param osvDatabase the offline OSV database: a directory of OSV JSON files and per-ecosystem {@code all.zip}
 *     exports (searched recursively), or one {@code all.zip}; empty means no offline database
 * @param securityScan whether jobs are scanned at all (env {@code ENABLE_SECURITY_SCAN}); a job's
 *     {@code security_scan} constraint can turn it off
 * @param builderId the SLSA builder id of this server in provenance
 * @param osvApiUrl base URL of the OSV API ({@code https://api.osv.dev}) asked with {@code /v1/querybatch} and
 *     {@code /v1/vulns/{id}}; empty (the default) means the API is not used
 * @param osvApiTimeout how long one request to the OSV API may take
 * @param osvRefresh the scheduled download of OSV's exports into {@code osvDatabase}
 * @param attestationKey a secret reference ({@code vault:ci/attestation-key}, {@code file:attestation.pem}, …)
 *     whose value is the PEM of the ECDSA P-256 signing key (PKCS#8 {@code PRIVATE KEY}, with or without its
 *     {@code PUBLIC KEY} block); empty means a key generated on first start in {@code <data dir>/keys}
 */
@ConfigurationProperties("architect.evidence")
public record EvidenceProperties(
        @DefaultValue("") String osvDatabase,
        @DefaultValue("true") boolean securityScan,

        @DefaultValue("https://matrix-architect.local/builder/v1")
        String builderId,

        @DefaultValue("") String osvApiUrl,
        @DefaultValue("30s") Duration osvApiTimeout,
        @DefaultValue OsvRefresh osvRefresh,

        @DefaultValue("") String attestationKey) {

    /**
     * @param enabled whether the recurring task downloads the exports (it needs {@code osv-database} to be a
     *     directory)
     * @param interval the pause between the end of one refresh and the start of the next; the first runs at start
     * @param baseUrl where OSV publishes {@code <ecosystem>/all.zip}
     * @param ecosystems the OSV ecosystem names whose exports are kept
     * @param timeout how long one download may take
     */
    public record OsvRefresh(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("24h") Duration interval,

            @DefaultValue("https://osv-vulnerabilities.storage.googleapis.com")
            String baseUrl,

            @DefaultValue({"Maven", "npm", "PyPI", "Go", "crates.io"})
            List<String> ecosystems,

            @DefaultValue("10m") Duration timeout) {}
}
