package ai.matrix.architect.sandbox.bwrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.matrix.architect.sandbox.SandboxLimits;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CgroupV1Test {
    /** A worker killed mid-run never closes its run's groups; a later sweep removes them once they are empty. */
    @Test
    void theGroupsOfARunWhoseWorkerDiedAreSweptAndLiveOnesStay() throws Exception {
        assumeTrue(CgroupV1.available() || System.getenv("CI") != null, "needs writable cgroup v1 (root)");
        CgroupV1 abandoned = CgroupV1.create(SandboxLimits.defaults()).orElseThrow();
        CgroupV1 young = CgroupV1.create(SandboxLimits.defaults()).orElseThrow();
        try {
            CgroupV1.lastSweepForTests(0);
            // minutes old in real use; here every empty group counts as old except the young one
            Files.setLastModifiedTime(
                    abandoned.pidsDir(),
                    java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 120_000));
            assertThat(CgroupV1.sweepAbandoned(Duration.ofMinutes(1))).isGreaterThanOrEqualTo(1);
            assertThat(abandoned.pidsDir()).doesNotExist();
            assertThat(young.pidsDir()).exists();
        } finally {
            young.close();
            abandoned.close();
        }
    }
}
