package ai.matrix.architect.ecosystem;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The ecosystem package sits below the stages: VERIFY, the evidence recorder, the engine's validator and the plan's
 * schema read it, and it knows only the sandbox's egress port, so no cycle can run through it.
 */
@AnalyzeClasses(packages = "ai.matrix.architect", importOptions = ImportOption.DoNotIncludeTests.class)
class EcosystemBoundaryTest {
    @ArchTest
    static final ArchRule ecosystemsKnowNothingAboveThem = noClasses()
            .that()
            .resideInAPackage("..architect.ecosystem..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..architect.verify..",
                    "..architect.evidence..",
                    "..architect.engine..",
                    "..architect.job..",
                    "..architect.plan..",
                    "..architect.api..",
                    "..architect.sandbox.bwrap..",
                    "..architect.sandbox.docker..",
                    "..architect.sandbox.kubernetes..",
                    "..architect.sandbox.local..",
                    "org.springframework..");

    @ArchTest
    static final ArchRule theSandboxKnowsOnlyItsEgressPort = noClasses()
            .that()
            .resideInAPackage("..architect.sandbox..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..architect.ecosystem..", "..architect.verify..");
}
