package ai.matrix.architect;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Package boundaries: the core never depends on adapters, the API or the CLI. */
@AnalyzeClasses(packages = "ai.matrix.architect", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule coreDoesNotImportAdapters = noClasses()
            .that()
            .resideInAnyPackage("..architect.job..", "..architect.engine..", "..architect.workspace..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..sandbox.bwrap..",
                    "..sandbox.docker..",
                    "..sandbox.kubernetes..",
                    "..sandbox.local..",
                    "..architect.api..",
                    "..architect.cli..");

    @ArchTest
    static final ArchRule stagesDoNotUseTheWebLayer = noClasses()
            .that()
            .resideInAnyPackage("..plan..", "..patch..", "..verify..", "..gate..", "..deploy..", "..publish..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..architect.api..", "..architect.cli..", "org.springframework.web..");

    @ArchTest
    static final ArchRule jobModelIsFrameworkFreeOfTheEngine = noClasses()
            .that()
            .resideInAPackage("..architect.job..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..architect.engine..", "..architect.workspace..");
}
