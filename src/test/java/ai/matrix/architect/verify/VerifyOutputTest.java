package ai.matrix.architect.verify;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.ecosystem.CheckKind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class VerifyOutputTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What VERIFY stored for a job with a skipped, a passed, a failed and an errored check, in its field order. */
    private static final String STORED = """
            {"evidence":{"tests":{"passed":3,"failed":1,"skipped":0},"checks":[\
            {"name":"npm-scan","profile":"npm","kind":"scan","command":"npm audit","status":"skipped",\
            "reason":"the vulnerability scan is off for this job (security_scan or ENABLE_SECURITY_SCAN)"},\
            {"name":"maven-fetch","profile":"maven","kind":"fetch","command":"mvn verify",\
            "started_at":"2026-12-03T10:00:00Z","network":false,"egress_proxy":true,"exit_code":0,"status":"passed",\
            "duration_ms":1234,"log":"art_1"},\
            {"name":"maven-test","profile":"maven","kind":"test","command":"mvn -o verify",\
            "started_at":"2026-12-03T10:00:02Z","network":false,"exit_code":1,"status":"failed","timed_out":true,\
            "output_truncated":true,"duration_ms":20,"tests":{"passed":3,"failed":1,"skipped":0},"log":"art_2"},\
            {"name":"command-1","profile":"custom","kind":"test","command":"make","started_at":"2026-12-03T10:00:03Z",\
            "network":true,"status":"error","error":"the sandbox could not run check 'command-1': no sandbox",\
            "duration_ms":1,"tests":{"passed":0,"failed":0,"skipped":0},"log":"art_3"}],\
            "test_report":"art_4","sbom":"art_5","scan":{"status":"completed","report":"art_6","findings":0,\
            "sources":[{"name":"osv","status":"completed"}]},"vulnerabilities":{"critical":0,"high":0},\
            "log":"art_7","attestation":"art_8","verification_summary":"art_9","attestation_key_id":"k1",\
            "bundle":"art_10"}}""";

    @Test
    void whatVerifyStoredReadsIntoTheRecordAndWritesBackToTheSameBytes() {
        JsonNode stored = JSON.readTree(STORED);
        VerifyOutput out = VerifyOutput.from(stored);
        assertThat(out.evidence().tests().failed()).isEqualTo(1);
        assertThat(out.evidence().checks())
                .extractingResultOf("kind")
                .containsExactly(CheckKind.SCAN, CheckKind.FETCH, CheckKind.TEST, CheckKind.TEST);
        assertThat(out.evidence().checks().get(1).egressProxy()).isTrue();
        assertThat(out.evidence().checks().get(2).tests().passed()).isEqualTo(3);
        assertThat(out.evidence().scan().path("report").asString()).isEqualTo("art_6");
        assertThat(out.evidence().attestationKeyId()).isEqualTo("k1");
        assertThat(JSON.writeValueAsString(out.toJson())).isEqualTo(STORED);
    }

    @Test
    void whatVerifyFindsComesFirstAndTheRecordersFieldsAreAbsentUntilItAddsThem() {
        VerifyOutput.Evidence own =
                VerifyOutput.Evidence.of(new VerifyOutput.Tests(1, 0, 2), java.util.List.of(), null);
        assertThat(JSON.writeValueAsString(own.toJson()))
                .isEqualTo("{\"tests\":{\"passed\":1,\"failed\":0,\"skipped\":2},\"checks\":[]}");
    }
}
