package ai.matrix.architect.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each rule of the shipped default policy, alone, on crafted input. */
class DefaultPolicyTest {
    private final CompiledPolicy policy = compileDefault();
    private final GateEvaluator evaluator = new GateEvaluator(null);

    private static CompiledPolicy compileDefault() {
        PolicyCompiler.Result r = new PolicyCompiler().compile(Policies.defaultSource(), 1);
        assertThat(r.problems()).isEmpty();
        return r.policy();
    }

    /** A clean input: tests passed, no vulnerabilities, no deploy, small diff of ordinary files, admin creator. */
    static Map<String, Object> clean() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put(
                "job",
                new LinkedHashMap<>(Map.of(
                        "id",
                        "job_1",
                        "goal",
                        "g",
                        "created_by",
                        "alice",
                        "constraints",
                        new LinkedHashMap<>(Map.of("require_tests", true, "require_approval", false)))));
        input.put(
                "plan",
                new LinkedHashMap<>(Map.of(
                        "risk",
                        "low",
                        "changed_files",
                        List.of("src/calc.py"),
                        "changed_files_count",
                        1L,
                        "diff_lines",
                        10L)));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("known", true);
        evidence.put(
                "tests",
                new LinkedHashMap<>(Map.of("known", true, "passed", 5L, "failed", 0L, "skipped", 0L, "total", 5L)));
        evidence.put(
                "vulnerabilities",
                new LinkedHashMap<>(
                        Map.of("known", true, "critical", 0L, "high", 0L, "medium", 0L, "low", 0L, "total", 0L)));
        evidence.put("checks", List.of());
        input.put("evidence", evidence);
        input.put("deploy", new LinkedHashMap<>(Map.of("target", "", "configured", false, "environment", "none")));
        input.put("actor", new LinkedHashMap<>(Map.of("name", "alice", "role", "admin")));
        return input;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Map<String, Object> input, String... path) {
        Map<String, Object> m = input;
        for (String p : path) m = (Map<String, Object>) m.get(p);
        return m;
    }

    private GateResult evaluate(Map<String, Object> input) {
        return evaluator.evaluate("job_1", input, List.of(policy), false);
    }

    private static List<String> matched(GateResult r) {
        return r.rules().stream()
                .filter(RuleOutcome::matched)
                .map(RuleOutcome::rule)
                .toList();
    }

    @Test
    void cleanInputIsAllowedWithLowRiskAndEveryRuleRecorded() {
        GateResult r = evaluate(clean());
        assertThat(r.decision()).isEqualTo("allow");
        assertThat(r.risk()).isEqualTo("low");
        assertThat(matched(r)).isEmpty();
        assertThat(r.rules())
                .extracting(RuleOutcome::rule)
                .contains(
                        "tests_failed",
                        "no_tests",
                        "critical_vulnerabilities",
                        "production_target",
                        "protected_paths",
                        "large_diff");
    }

    @Test
    void failedTestsDeny() {
        Map<String, Object> in = clean();
        at(in, "evidence", "tests").put("failed", 2L);
        at(in, "evidence", "tests").put("total", 7L);
        GateResult r = evaluate(in);
        assertThat(r.decision()).isEqualTo("deny");
        assertThat(matched(r)).containsExactly("tests_failed");
        assertThat(r.reasons()).containsExactly("2 test(s) failed");
        assertThat(r.risk()).isEqualTo("critical");
    }

    /** VERIFY's comparison with the base commit, as GateInputs gives it. */
    private static Map<String, Object> baseline(List<String> fresh, List<String> old) {
        return baseline(fresh, old, List.of());
    }

    private static Map<String, Object> baseline(List<String> fresh, List<String> old, List<String> flaky) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("status", "compared");
        b.put("base_commit", "abc123");
        b.put("new_failures", fresh);
        b.put("preexisting_failures", old);
        b.put("new_count", (long) fresh.size());
        b.put("preexisting_count", (long) old.size());
        b.put("flaky_failures", flaky);
        b.put("flaky_count", (long) flaky.size());
        b.put("summary", old.size() + " tests were already failing on the base commit");
        return b;
    }

    @Test
    void failuresThatPassedWhenRunAgainNeedAnApprovalWithTheirList() {
        Map<String, Object> in = clean();
        at(in, "evidence", "tests").putAll(Map.of("failed", 1L, "total", 7L));
        at(in, "evidence").put("baseline", baseline(List.of(), List.of(), List.of("python-test: t.timing")));
        GateResult r = evaluate(in);
        assertThat(r.decision()).isEqualTo("require_approval");
        assertThat(matched(r)).containsExactly("flaky_failures");
        assertThat(r.reasons())
                .containsExactly("1 test(s) failed once and passed when run again on the job's commit:"
                        + " python-test: t.timing; a person must accept the change with them");
        assertThat(r.risk()).isEqualTo("high");
    }

    @Test
    void failuresTheBaseCommitAlreadyHadNeedAnApprovalWithTheirList() {
        Map<String, Object> in = clean();
        at(in, "evidence", "tests").putAll(Map.of("failed", 2L, "total", 7L));
        at(in, "evidence").put("baseline", baseline(List.of(), List.of("python-test: t.a", "python-test: t.b")));
        GateResult r = evaluate(in);
        assertThat(r.decision()).isEqualTo("require_approval");
        assertThat(matched(r)).containsExactly("preexisting_failures");
        assertThat(r.reasons())
                .containsExactly("2 tests were already failing on the base commit (abc123): python-test: t.a,"
                        + " python-test: t.b; a person must accept the change with them");
        assertThat(r.risk()).isEqualTo("high");
    }

    @Test
    void aNewFailureDeniesEvenBesideOldOnes() {
        Map<String, Object> in = clean();
        at(in, "evidence", "tests").putAll(Map.of("failed", 2L, "total", 7L));
        at(in, "evidence").put("baseline", baseline(List.of("python-test: t.c"), List.of("python-test: t.a")));
        GateResult r = evaluate(in);
        assertThat(r.decision()).isEqualTo("deny");
        assertThat(matched(r)).containsExactly("tests_failed", "new_failures");
        assertThat(r.reasons()).contains("1 new failure(s), not failing on the base commit: python-test: t.c");
        assertThat(r.risk()).isEqualTo("critical");
    }

    @Test
    void noTestsDenyOnlyWhenRequireTestsIsSet() {
        Map<String, Object> in = clean();
        at(in, "evidence", "tests").putAll(Map.of("known", false, "passed", 0L, "total", 0L));
        GateResult r = evaluate(in);
        assertThat(r.decision()).isEqualTo("deny");
        assertThat(matched(r)).containsExactly("no_tests");
        assertThat(r.reasons()).containsExactly("no test ran and require_tests is set");

        at(in, "job", "constraints").put("require_tests", false);
        assertThat(evaluate(in).decision()).isEqualTo("allow");
    }

    @Test
    void criticalVulnerabilitiesDeny() {
        Map<String, Object> in = clean();
        at(in, "evidence", "vulnerabilities").put("critical", 1L);
        GateResult r = evaluate(in);
        assertThat(r.decision()).isEqualTo("deny");
        assertThat(matched(r)).containsExactly("critical_vulnerabilities");
        assertThat(r.reasons()).containsExactly("1 critical vulnerabilities found");
    }

    @Test
    void highVulnerabilitiesOnlyRaiseTheRisk() {
        Map<String, Object> in = clean();
        at(in, "evidence", "vulnerabilities").put("high", 3L);
        GateResult r = evaluate(in);
        assertThat(r.decision()).isEqualTo("allow");
        assertThat(r.risk()).isEqualTo("high");
    }

    @Test
    void productionTargetsNeedTwoApprovals() {
        Map<String, Object> in = clean();
        at(in, "deploy").putAll(Map.of("target", "prod", "configured", true, "environment", "production"));
        GateResult r = evaluate(in);
        assertThat(r.decision()).isEqualTo("require_approval");
        assertThat(matched(r)).containsExactly("production_target");
        assertThat(r.requiredApprovals()).isEqualTo(2);
        assertThat(r.approverRoles()).containsExactly("operator", "admin");
        assertThat(r.reasons()).containsExactly("deploying to a production target needs two approvals");
        assertThat(r.risk()).isEqualTo("high");
    }

    @Test
    void productionByANonAdminIsDeniedByTheBuiltInRule() {
        Map<String, Object> in = clean();
        at(in, "deploy").putAll(Map.of("target", "prod", "configured", true, "environment", "production"));
        at(in, "actor").put("role", "operator");
        GateResult r = evaluate(in);
        assertThat(r.decision()).isEqualTo("deny");
        assertThat(matched(r)).contains("production_needs_admin");
    }

    @Test
    void protectedPathsNeedOneApproval() {
        Map<String, Object> in = clean();
        at(in, "plan").put("changed_files", List.of("src/calc.py", ".github/workflows/ci.yml", "app/auth/login.py"));
        GateResult r = evaluate(in);
        assertThat(r.decision()).isEqualTo("require_approval");
        assertThat(matched(r)).containsExactly("protected_paths");
        assertThat(r.requiredApprovals()).isEqualTo(1);
        assertThat(r.reasons())
                .containsExactly("the change touches protected paths: .github/workflows/ci.yml, app/auth/login.py");
    }

    @Test
    void largeDiffsNeedOneApproval() {
        Map<String, Object> in = clean();
        at(in, "plan").put("diff_lines", 401L);
        GateResult r = evaluate(in);
        assertThat(r.decision()).isEqualTo("require_approval");
        assertThat(matched(r)).containsExactly("large_diff");
        assertThat(r.reasons()).containsExactly("the diff changes 401 lines, more than 400");
        assertThat(r.risk()).isEqualTo("medium");
    }

    @Test
    void requireApprovalsFlagStillMeansApproval() {
        Map<String, Object> in = clean();
        at(in, "job", "constraints").put("require_approval", true);
        GateResult r = evaluate(in);
        assertThat(r.decision()).isEqualTo("require_approval");
        assertThat(matched(r)).containsExactly("require_approval");
    }

    @Test
    void theMostRestrictiveOutcomeWins() {
        Map<String, Object> in = clean();
        at(in, "plan").put("diff_lines", 1000L);
        at(in, "evidence", "vulnerabilities").put("critical", 2L);
        GateResult r = evaluate(in);
        assertThat(r.decision()).isEqualTo("deny");
        assertThat(matched(r)).containsExactlyInAnyOrder("critical_vulnerabilities", "large_diff");
    }

    @Test
    void aRuleThatCannotBeEvaluatedDenies() {
        String src = """
                name: strict
                rules:
                  - id: needs_field
                    when: evidence.coverage.percent < 80
                    decision: require_approval
                    message: low coverage
                """;
        PolicyCompiler.Result c = new PolicyCompiler().compile(src, 1);
        assertThat(c.problems()).isEmpty();
        GateResult r = evaluator.evaluate("job_1", clean(), List.of(c.policy()), false);
        assertThat(r.decision()).isEqualTo("deny");
        assertThat(r.rules().get(r.rules().size() - 1).error()).isNotBlank();
    }

    @Test
    void globsMatchWithinAndAcrossSegments() {
        assertThat(Globs.matches("deploy/k8s/app.yaml", "deploy/**")).isTrue();
        assertThat(Globs.matches("Dockerfile", "**/Dockerfile")).isTrue();
        assertThat(Globs.matches("svc/a/Dockerfile", "**/Dockerfile")).isTrue();
        assertThat(Globs.matches("src/deploy.py", "deploy/**")).isFalse();
        assertThat(Globs.matches("a/b.yml", "*.yml")).isFalse();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withScan(String status, String reason, boolean noSource) {
        Map<String, Object> input = clean();
        ((Map<String, Object>) input.get("evidence"))
                .put("scan", new LinkedHashMap<>(Map.of("status", status, "reason", reason, "no_source", noSource)));
        return input;
    }

    /** Issue 12: a scan that failed is not a clean scan; people decide. */
    @Test
    void aFailedScanNeedsApprovalNamingWhy() {
        GateResult r = evaluate(withScan("failed", "OSV API answered 503", false));
        assertThat(r.decision()).isEqualTo("require_approval");
        assertThat(r.rules()).anySatisfy(o -> {
            assertThat(o.rule()).isEqualTo("scan_failed");
            assertThat(o.matched()).isTrue();
            assertThat(o.message()).contains("OSV API answered 503");
        });
    }

    /** With no vulnerability source the job is not held, but the gate says the dependencies were not scanned. */
    @Test
    void noScanSourceIsANoteNotABlock() {
        GateResult r = evaluate(withScan("skipped", "no OSV database", true));
        assertThat(r.decision()).isEqualTo("allow");
        assertThat(r.rules()).anySatisfy(o -> {
            assertThat(o.rule()).isEqualTo("no_scan_source");
            assertThat(o.matched()).isTrue();
            assertThat(o.message()).contains("not scanned");
        });
        assertThat(evaluate(withScan("completed", "", false)).decision()).isEqualTo("allow");
        assertThat(matched(evaluate(withScan("completed", "", false)))).isEmpty();
    }
}
