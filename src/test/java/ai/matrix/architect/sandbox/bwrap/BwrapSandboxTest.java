package ai.matrix.architect.sandbox.bwrap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.matrix.architect.sandbox.Sandbox;
import ai.matrix.architect.sandbox.SandboxContractTest;
import org.junit.jupiter.api.BeforeAll;

class BwrapSandboxTest extends SandboxContractTest {
    @BeforeAll
    static void bubblewrapRuns() {
        assumeTrue(BwrapSandbox.works("bwrap"), "bubblewrap does not run here (apt-get install -y bubblewrap)");
    }

    @Override
    protected Sandbox sandbox() {
        return new BwrapSandbox("bwrap");
    }
}
