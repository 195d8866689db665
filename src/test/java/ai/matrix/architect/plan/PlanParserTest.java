package ai.matrix.architect.plan;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.job.FieldError;
import org.junit.jupiter.api.Test;

/** Reading a model's answer as a plan: lenient about the wrapping, strict about the plan. */
class PlanParserTest {
    static final String PLAN = PlanFixtures.mulPlan();

    @Test
    void aPlanIsReadBareFencedAfterAProseSentenceOrWrapped() {
        assertThat(PlanParser.parse(PLAN, PlannerAdaptersTest.JSON).ok()).isTrue();
        assertThat(PlanParser.parse(PlanFixtures.fenced(PLAN), PlannerAdaptersTest.JSON)
                        .ok())
                .isTrue();
        assertThat(PlanParser.parse("```\n" + PLAN + "\n```", PlannerAdaptersTest.JSON)
                        .ok())
                .isTrue();
        assertThat(PlanParser.parse("Sure! " + PLAN + " Hope it helps.", PlannerAdaptersTest.JSON)
                        .ok())
                .isTrue();
        PlanParser.Result wrapped = PlanParser.parse("{\"plan\": " + PLAN + "}", PlannerAdaptersTest.JSON);
        assertThat(wrapped.ok()).isTrue();
        assertThat(wrapped.plan().steps().get(0).title()).isEqualTo("Add mul() and its tests");
    }

    @Test
    void errorsNameTheFieldAsThePlanRulesDo() {
        assertThat(PlanParser.parse(PlanFixtures.escapingPlan(), PlannerAdaptersTest.JSON)
                        .errors())
                .containsExactly(new FieldError("steps[0].ops[0].path", "must stay inside the repository (no '..')"));
        PlanParser.Result unknownOp = PlanParser.parse(
                "{\"steps\": [{\"id\": \"s1\", \"ops\": [{\"op\": \"rename\", \"path\": \"a\"}]}]}",
                PlannerAdaptersTest.JSON);
        assertThat(unknownOp.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("steps[0].ops[0].op");
            assertThat(e.message()).contains("rename");
        });
        assertThat(PlanParser.parse("{\"summary\": \"nothing\", \"steps\": []}", PlannerAdaptersTest.JSON)
                        .errors())
                .containsExactly(new FieldError("steps", "must hold at least one step"));
        assertThat(PlanParser.parse("", PlannerAdaptersTest.JSON)
                        .errors()
                        .get(0)
                        .message())
                .contains("empty");
        assertThat(PlanParser.parse("[1, 2]", PlannerAdaptersTest.JSON)
                        .errors()
                        .get(0)
                        .message())
                .contains("not a JSON object");
        assertThat(PlanParser.parse("{\"steps\": [", PlannerAdaptersTest.JSON)
                        .errors()
                        .get(0)
                        .message())
                .contains("not a JSON object");
    }
}
