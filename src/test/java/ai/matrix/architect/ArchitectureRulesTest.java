package ai.matrix.architect;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The rules of {@link ArchitectureTest} refuse what they are meant to refuse, shown on fixture classes. */
class ArchitectureRulesTest {

    @Test
    void aCycleBetweenTwoPackagesFailsTheCycleRule() {
        JavaClasses fixture = new ClassFileImporter()
                .importPackages("ai.matrix.architect.archcyclea", "ai.matrix.architect.archcycleb");

        assertThatThrownBy(() -> ArchitectureTest.packagesAreFreeOfCycles.check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("archcyclea")
                .hasMessageContaining("archcycleb");
    }

    @Test
    void aStageThatMovesItsJobFailsTheStageRule() {
        JavaClasses fixture = new ClassFileImporter().importPackages("ai.matrix.architect.archfixture.stage");

        assertThatThrownBy(() -> ArchitectureTest.stagesDoNotWriteJobState.check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("SelfPromotingStage")
                .hasMessageContaining("JobStore.transition");
    }
}
