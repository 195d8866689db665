package ai.matrix.architect.evidence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Evidence settings, bound from {@code architect.evidence.*}.
 *
 * @param osvDatabase the offline OSV database: a directory of OSV JSON files (OSV's per-ecosystem exports
 *     unpacked) or an {@code all.zip}; empty means no scan can run (the scan is then recorded as skipped)
 * @param securityScan whether jobs are scanned at all (env {@code ENABLE_SECURITY_SCAN}); a job's
 *     {@code security_scan} constraint can turn it off
 * @param builderId the SLSA builder id of this server in provenance
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

        @DefaultValue("") String attestationKey) {}
