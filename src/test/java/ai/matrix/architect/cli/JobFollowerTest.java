package ai.matrix.architect.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.e2e.TestApi;
import org.junit.jupiter.api.Test;

/** The CLI names a branch only when PUBLISH pushed it (issue 12: failed jobs printed a branch nobody pushed). */
class JobFollowerTest {
    private static boolean pushed(String publishStatus) {
        return JobFollower.pushed(TestApi.JSON.readTree("""
                {"branch": "architect/job_1", "stages": [
                  {"name": "VERIFY", "status": "failed"}, {"name": "PUBLISH", "status": "%s"}]}
                """.formatted(publishStatus)));
    }

    @Test
    void aBranchIsShownOnlyWhenPublishSucceeded() {
        assertThat(pushed("succeeded")).isTrue();
        assertThat(pushed("skipped")).isFalse();
        assertThat(pushed("pending")).isFalse();
        assertThat(pushed("failed")).isFalse();
    }

    @Test
    void theSummarySaysWhichFailuresTheBaseCommitAlreadyHad() {
        var job = TestApi.JSON.readTree("""
                {"evidence": {"tests": {"passed": 2, "failed": 1, "skipped": 0},
                  "baseline": {"summary": "1 test was already failing on the base commit"}}}
                """);
        assertThat(JobFollower.testLines(job))
                .containsExactly(
                        "  tests:   2 passed, 1 failed, 0 skipped",
                        "  baseline: 1 test was already failing on the base commit");
        assertThat(JobFollower.testLines(TestApi.JSON.readTree("{}"))).isEmpty();
    }
}
