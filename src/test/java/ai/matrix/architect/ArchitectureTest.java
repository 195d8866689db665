package ai.matrix.architect;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import ai.matrix.architect.engine.Stage;
import ai.matrix.architect.job.JobStateMachine;
import ai.matrix.architect.job.JobStore;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

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

    /** Each top-level package is a slice; no two of them may depend on each other, directly or around a loop. */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("ai.matrix.architect.(*)..").should().beFreeOfCycles();

    /** The methods of {@link JobStore} that change a job or its stages. */
    static final Set<String> JOB_STATE_WRITES = Set.of(
            "insert",
            "transition",
            "setStage",
            "setError",
            "requestCancel",
            "clearForRetry",
            "updateFacts",
            "startStage",
            "finishStage",
            "resetUnfinishedStages",
            "failRunningStage");

    static final DescribedPredicate<JavaClass> STAGES = JavaClass.Predicates.implement(Stage.class)
            .or(JavaClass.Predicates.resideInAnyPackage(
                    "..architect.plan..",
                    "..architect.patch..",
                    "..architect.verify..",
                    "..architect.gate..",
                    "..architect.deploy..",
                    "..architect.publish.."))
            .as("stages and their packages");

    /** Stages return a decision; only the engine changes job state, through the state machine. */
    @ArchTest
    static final ArchRule stagesDoNotWriteJobState = noClasses()
            .that(STAGES)
            .should()
            .callMethodWhere(DescribedPredicate.describe(
                    "a JobStore method that writes job state",
                    (JavaMethodCall call) -> call.getTargetOwner().isAssignableTo(JobStore.class)
                            && JOB_STATE_WRITES.contains(call.getName())))
            .orShould()
            .dependOnClassesThat()
            .belongToAnyOf(JobStateMachine.class);
}
