package ai.matrix.architect.verify;

import ai.matrix.architect.ecosystem.Check;
import ai.matrix.architect.ecosystem.CheckKind;
import ai.matrix.architect.sandbox.SandboxResult;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What VERIFY checkpoints: {@code {"evidence": …}}, the same JSON the job's {@code evidence} column and the API
 * show. Fields appear in the order VERIFY writes them; absent ones are left out, so {@link #toJson} of what
 * {@link #from} read gives the same bytes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyOutput(Evidence evidence) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The verification evidence: the test counts and every check, then what the evidence recorder adds (SBOM,
     * vulnerability scan, attestations, bundle) around the stage's log.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evidence(
            Tests tests,
            List<CheckResult> checks,
            @JsonProperty("test_report") String testReport,
            String sbom,
            @JsonProperty("sbom_error") String sbomError,
            JsonNode scan,
            JsonNode vulnerabilities,
            String log,
            String attestation,
            @JsonProperty("verification_summary") String verificationSummary,
            @JsonProperty("attestation_key_id") String attestationKeyId,
            String bundle,
            @JsonProperty("bundle_error") String bundleError) {
        /** What VERIFY itself found, before the evidence recorder adds its part. */
        static Evidence of(Tests tests, List<CheckResult> checks, String testReport) {
            return new Evidence(tests, checks, testReport, null, null, null, null, null, null, null, null, null, null);
        }

        /** The evidence as it is stored; the evidence recorder adds its fields to this object. */
        ObjectNode toJson() {
            return JSON.valueToTree(this);
        }
    }

    /** Test cases counted by status. */
    public record Tests(int passed, int failed, int skipped) {}

    /**
     * One check as it ran (or why it did not): {@code status} is {@code passed}, {@code failed}, {@code error}
     * (the sandbox or its secrets failed) or {@code skipped} (with the {@code reason}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CheckResult(
            String name,
            String profile,
            CheckKind kind,
            String command,
            @JsonProperty("started_at") String startedAt,
            Boolean network,
            @JsonProperty("egress_proxy") Boolean egressProxy,
            @JsonProperty("exit_code") Integer exitCode,
            String status,
            String reason,
            String error,
            @JsonProperty("timed_out") Boolean timedOut,
            @JsonProperty("output_truncated") Boolean outputTruncated,
            @JsonProperty("duration_ms") Long durationMs,
            Tests tests,
            String log) {
        static CheckResult skipped(Check c, String reason) {
            return new CheckResult(
                    c.name(),
                    c.profile(),
                    c.kind(),
                    c.command(),
                    null,
                    null,
                    null,
                    null,
                    "skipped",
                    reason,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }

        /** A check the sandbox ran (its {@code result}) or could not run (the {@code error}). */
        static CheckResult ran(
                Check c, Instant start, boolean network, boolean proxied, SandboxResult result, String error) {
            return new CheckResult(
                    c.name(),
                    c.profile(),
                    c.kind(),
                    c.command(),
                    start.toString(),
                    network,
                    proxied ? Boolean.TRUE : null,
                    result == null ? null : result.exitCode(),
                    result == null ? "error" : result.succeeded() ? "passed" : "failed",
                    null,
                    error,
                    result != null && result.timedOut() ? Boolean.TRUE : null,
                    result != null && result.outputTruncated() ? Boolean.TRUE : null,
                    null,
                    null,
                    null);
        }

        /** This result with its duration, its own test counts (test checks only) and its log's artifact. */
        CheckResult finished(long durationMs, Tests tests, String log) {
            return new CheckResult(
                    name,
                    profile,
                    kind,
                    command,
                    startedAt,
                    network,
                    egressProxy,
                    exitCode,
                    status,
                    reason,
                    error,
                    timedOut,
                    outputTruncated,
                    durationMs,
                    tests,
                    log);
        }
    }

    /** The output as it is stored. */
    public ObjectNode toJson() {
        return JSON.valueToTree(this);
    }

    /** The output VERIFY stored. */
    public static VerifyOutput from(JsonNode json) {
        return JSON.treeToValue(json, VerifyOutput.class);
    }
}
