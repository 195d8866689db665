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
            Baseline baseline,
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
            return of(tests, checks, testReport, null);
        }

        /** The same with the comparison with the base commit (null when there was none). */
        static Evidence of(Tests tests, List<CheckResult> checks, String testReport, Baseline baseline) {
            return new Evidence(
                    tests, checks, testReport, baseline, null, null, null, null, null, null, null, null, null, null);
        }

        /** The evidence as it is stored; the evidence recorder adds its fields to this object. */
        ObjectNode toJson() {
            return JSON.valueToTree(this);
        }
    }

    /** Test cases counted by status. */
    public record Tests(int passed, int failed, int skipped) {}

    /**
     * The comparison of VERIFY's failures with the same checks run on the job's base commit (absent when VERIFY
     * had no failure or the comparison is off): {@code status} is {@code compared} or {@code not_compared} (with
     * the {@code reason}); each failure is new, was already failing there, or is flaky (new, but it passed when its
     * check ran once more on the job's commit). The lists hold at most
     * {@link Baseline#MAX_LISTED} entries; the counts count every failing test.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Baseline(
            @JsonProperty("base_commit") String baseCommit,
            String status,
            String reason,
            @JsonProperty("new_failures") List<Failure> newFailures,
            @JsonProperty("preexisting_failures") List<Failure> preexistingFailures,
            @JsonProperty("new_count") int newCount,
            @JsonProperty("preexisting_count") int preexistingCount,
            @JsonProperty("flaky_failures") List<Failure> flakyFailures,
            @JsonProperty("flaky_count") int flakyCount,
            List<BaseCheck> checks,
            String summary) {
        public static final int MAX_LISTED = 100;
    }

    /**
     * One failure: a test ({@code check} and {@code test}) or a whole check ({@code test} absent) that has no
     * per-test results; {@code tests} is how many failing tests it stands for (1 for a test, the runner's count
     * for a check counted from its summary, absent for a check without tests); {@code base} is what the base
     * commit did.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String check, String test, Integer tests, String base) {}

    /** A check as it ran on the base commit: its status, whether it came from the cache, its tests. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BaseCheck(String name, String status, boolean cached, Tests tests, String log) {}

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
