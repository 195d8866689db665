package ai.matrix.architect.verify.truth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.verify.truth.RunnerSummaries.Counts;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerSummariesTest {
    private static Counts parse(String output) {
        return RunnerSummaries.parse(output.lines().toList()).orElseThrow();
    }

    private static void assertCounts(Counts c, String runner, int passed, int failed, int skipped, int errors) {
        assertThat(c.runner()).isEqualTo(runner);
        assertThat(List.of(c.passed(), c.failed(), c.skipped(), c.errors()))
                .as("passed, failed, skipped, errors")
                .containsExactly(passed, failed, skipped, errors);
        assertThat(c.total()).isEqualTo(passed + failed + skipped + errors);
        assertThat(c.source()).startsWith(RunnerSummaries.SOURCE);
    }

    @Test
    void theFailuresARunnerNamesAreKeptByClassAndName() {
        Counts unittest = parse("""
                ======================================================================
                FAIL: square (squares)
                Doctest: squares.square
                ----------------------------------------------------------------------
                ======================================================================
                ERROR: test_zero (test_squares.SquareTest.test_zero)
                ----------------------------------------------------------------------
                FAIL: test_old (test_squares.OldTest)
                ----------------------------------------------------------------------
                Ran 5 tests in 0.003s

                FAILED (failures=2, errors=1)
                """);
        assertCounts(unittest, "unittest", 2, 2, 0, 1);
        assertThat(unittest.failures())
                .containsExactly(
                        new RunnerSummaries.FailedTest("squares", "square"),
                        new RunnerSummaries.FailedTest("test_squares.SquareTest", "test_zero"),
                        new RunnerSummaries.FailedTest("test_squares.OldTest", "test_old"));

        Counts ctest = parse("""
                50% tests passed, 2 tests failed out of 4

                Total Test time (real) =   0.02 sec

                The following tests FAILED:
                	  2 - misc_tests (Failed)
                	  4 - slow_tests (Timeout)
                Errors while running CTest
                """);
        assertThat(ctest.failures())
                .containsExactly(
                        new RunnerSummaries.FailedTest("ctest", "misc_tests"),
                        new RunnerSummaries.FailedTest("ctest", "slow_tests"));

        Counts pytest = parse("""
                =========================== short test summary info ============================
                FAILED tests/test_calc.py::TestCalc::test_mul - assert 6 == 5
                FAILED tests/test_calc.py::test_add
                ========================= 2 failed, 3 passed in 0.12s ==========================
                """);
        assertThat(pytest.failures())
                .containsExactly(
                        new RunnerSummaries.FailedTest("tests/test_calc.py::TestCalc", "test_mul"),
                        new RunnerSummaries.FailedTest("tests/test_calc.py", "test_add"));

        // a run that passed names no failures, whatever its output prints
        assertThat(parse("FAIL: looks like one (but is not)\nRan 1 test in 0.001s\n\nOK\n")
                        .failures())
                .isEmpty();
    }

    @Test
    void nothingRecognisedIsEmpty() {
        assertThat(RunnerSummaries.parse(List.of("gcc -o demo demo.c", "Build finished", "ok")))
                .isEmpty();
        assertThat(RunnerSummaries.parse(List.of())).isEmpty();
    }

    @Test
    void tapLinesWithPlanSkipAndTodo() {
        Counts c = parse("""
                TAP version 13
                1..6
                ok 1 - parses empty input
                ok 2 - parses numbers
                not ok 3 - rejects junk
                  ---
                  operator: equal
                  ...
                ok 4 - unicode # SKIP no locale
                not ok 5 - streaming # TODO not yet
                ok 6 - round trip
                """);
        assertCounts(c, "tap", 3, 1, 2, 0);
        assertThat(c.anyFailed()).isTrue();
    }

    @Test
    void tapPlanLargerThanReportedCountsTheMissingAsErrors() {
        Counts c = parse("1..4\nok 1 first\nok 2 second\n# crashed\n");
        assertCounts(c, "tap", 2, 0, 0, 2);
    }

    @Test
    void severalTapStreamsFromAMakefileAreSummed() {
        Counts c = parse("""
                ./test_list
                1..2
                ok 1 push
                ok 2 pop
                ./test_map
                1..3
                ok 1 put
                not ok 2 get
                ok 3 remove
                """);
        assertCounts(c, "tap", 4, 1, 0, 0);
    }

    @Test
    void tapeFooterWins() {
        Counts c = parse("""
                TAP version 13
                # arithmetic
                ok 1 should be equal
                ok 2 should be equal
                # strings
                not ok 3 should be equal
                  ---
                    operator: equal
                    expected: 'b'
                    actual:   'a'
                  ...

                1..3
                # tests 3
                # pass  2
                # fail  1
                """);
        assertCounts(c, "tap", 2, 1, 0, 0);
    }

    @Test
    void nodeTestTapFooterCountsNestedSubtestsOnce() {
        Counts c = parse("""
                TAP version 13
                # Subtest: math
                    # Subtest: adds
                    ok 1 - adds
                    # Subtest: subtracts
                    ok 2 - subtracts
                    1..2
                ok 1 - math
                # Subtest: skipped one
                ok 2 - skipped one # SKIP
                1..2
                # tests 3
                # suites 1
                # pass 2
                # fail 0
                # cancelled 0
                # skipped 1
                # todo 0
                # duration_ms 41.2
                """);
        assertCounts(c, "tap", 2, 0, 1, 0);
    }

    @Test
    void uvuSummaryOnSeparateLines() {
        Counts c = parse("""
                parse  • • • • • • •   (7 / 7)
                format • • • • ✘   (4 / 5)

                   FAIL  format  "pads numbers"
                    Expected values to be strictly equal:

                  Total:     12
                  Passed:    11
                  Skipped:   1
                  Duration:  4.21ms
                """);
        assertCounts(c, "uvu", 11, 1, 1, 0);
    }

    @Test
    void uvuSummaryOnOneLineAndSeveralPackagesSummed() {
        Counts c = parse("""
                > packages/a
                  Total: 64  Passed: 64  Skipped: 0  Duration: 10ms
                > packages/b
                  Total: 10  Passed: 9  Skipped: 2  Duration: 3ms
                """);
        assertCounts(c, "uvu", 73, 1, 2, 0);
    }

    @Test
    void mochaSpecReporter() {
        Counts c = parse("""

                  Array
                    #indexOf()
                      ✔ returns -1 when the value is absent
                      1) returns the index


                  136 passing (812ms)
                  3 pending
                  1 failing

                  1) Array
                       #indexOf()
                         returns the index:
                     AssertionError [ERR_ASSERTION]: 1 == 0
                """);
        assertCounts(c, "mocha", 136, 1, 3, 0);
    }

    @Test
    void unittestOk() {
        Counts c = parse("""
                ..........s....
                ----------------------------------------------------------------------
                Ran 15 tests in 0.043s

                OK (skipped=1)
                """);
        assertCounts(c, "unittest", 14, 0, 1, 0);
        assertThat(parse("Ran 1 test in 0.000s\n\nOK\n").passed()).isEqualTo(1);
    }

    @Test
    void unittestFailed() {
        Counts c = parse("""
                ======================================================================
                FAIL: calc (calc)
                Doctest: calc.add
                ----------------------------------------------------------------------
                Failed example:
                    add(1, 2)
                Expected:
                    3
                Got:
                    4

                ----------------------------------------------------------------------
                Ran 40 tests in 0.120s

                FAILED (failures=2, errors=1, skipped=3, expected failures=1)
                """);
        assertCounts(c, "unittest", 33, 2, 4, 1);
    }

    @Test
    void pytestSummaryLine() {
        Counts c = parse("""
                tests/test_a.py ..F.s                                           [100%]
                =========================== short test summary info ============================
                FAILED tests/test_a.py::test_three - assert 2 == 3
                ============= 3 failed, 10 passed, 1 skipped, 2 xfailed, 1 error in 0.12s =============
                """);
        assertCounts(c, "pytest", 10, 3, 3, 1);
    }

    @Test
    void pytestWithWarningsAndColour() {
        Counts c = parse("\u001B[32m======= \u001B[32m\u001B[1m153 passed\u001B[0m, \u001B[33m2 warnings\u001B[0m"
                + "\u001B[32m in 1.52s (0:00:01) =======\u001B[0m");
        assertCounts(c, "pytest", 153, 0, 0, 0);
    }

    @Test
    void ctestAllPassedAndSomeFailed() {
        assertCounts(parse("""
                        Test project /src/build
                            Start 1: unit_list
                        1/12 Test  #1: unit_list ........................   Passed    0.01 sec
                        100% tests passed, 0 tests failed out of 12

                        Total Test time (real) =   0.20 sec
                        """), "ctest", 12, 0, 0, 0);
        assertCounts(parse("""
                        83% tests passed, 2 tests failed out of 12

                        The following tests did not run:
                        \t  7 - needs_network (Skipped)

                        The following tests FAILED:
                        \t  3 - unit_map (Failed)
                        \t  9 - unit_str (Failed)
                        Errors while running CTest
                        """), "ctest", 9, 2, 1, 0);
    }

    @Test
    void ctestWinsOverTheTapItsProgramsPrinted() {
        Counts c = parse("""
                1/1 Test #1: tap_suite ....***Failed    0.01 sec
                1..3
                ok 1 a
                ok 2 b
                not ok 3 c
                0% tests passed, 1 tests failed out of 1
                """);
        assertCounts(c, "ctest", 0, 1, 0, 0);
        assertThat(c.source()).contains("also seen: tap");
    }

    @Test
    void jestSummary() {
        Counts c = parse("""
                 FAIL  src/sum.test.js
                  ● sum › adds negatives

                Test Suites: 1 failed, 3 passed, 4 total
                Tests:       1 failed, 2 skipped, 1 todo, 12 passed, 16 total
                Snapshots:   0 total
                Time:        1.204 s
                """);
        assertCounts(c, "jest", 12, 1, 3, 0);
    }

    @Test
    void goTestTextWithoutVerboseCountsPackagesAndFailures() {
        Counts c = parse("""
                ok  \texample.com/lib/parse\t0.012s
                --- FAIL: TestFormat (0.00s)
                    format_test.go:12: got "1", want "01"
                    --- FAIL: TestFormat/pad (0.00s)
                FAIL
                FAIL\texample.com/lib/format\t0.010s
                ok  \texample.com/lib/util\t(cached)
                ?   \texample.com/lib/cmd\t[no test files]
                FAIL
                """);
        assertThat(c.passed()).isEqualTo(2);
        assertThat(c.failed()).isEqualTo(1);
        assertThat(c.runner()).startsWith("go test");
    }

    @Test
    void goTestVerboseCountsTopLevelTests() {
        Counts c = parse("""
                === RUN   TestParse
                --- PASS: TestParse (0.00s)
                === RUN   TestSkip
                    x_test.go:9: needs db
                --- SKIP: TestSkip (0.00s)
                === RUN   TestFormat
                --- FAIL: TestFormat (0.00s)
                    --- PASS: TestFormat/a (0.00s)
                    --- FAIL: TestFormat/b (0.00s)
                FAIL
                FAIL\texample.com/lib\t0.005s
                === RUN   TestUtil
                --- PASS: TestUtil (0.00s)
                PASS
                ok  \texample.com/lib/util\t0.003s
                """);
        assertCounts(c, "go test", 2, 1, 1, 0);
    }

    @Test
    void cargoSumsEveryTestBinary() {
        Counts c = parse("""
                     Running unittests src/lib.rs (target/debug/deps/calc-1a2b)
                running 5 tests
                test tests::adds ... ok
                test result: ok. 5 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s

                     Running tests/integration.rs (target/debug/deps/integration-3c4d)
                test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s

                   Doc-tests calc
                test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.20s
                """);
        assertCounts(c, "cargo", 10, 1, 1, 0);
    }

    @Test
    void makeSuitesPrintingTheirOwnTotals() {
        assertCounts(parse("cc -o t_all t_all.c\n./t_all\n138 tests, 0 failures\n"), "make", 138, 0, 0, 0);
        assertCounts(parse("Summary: 20 tests, 2 failures, 1 error\n"), "make", 17, 2, 0, 1);
        assertCounts(
                parse("running suite\n========\nPASSED: 61 FAILED: 3\nmake: *** [test] Error 1\n"),
                "make",
                61,
                3,
                0,
                0);
    }

    @Test
    void proveSummary() {
        Counts c = parse("""
                t/basic.t .... ok
                t/parse.t .... 1/5
                #   Failed test 'nested'
                t/parse.t .... Failed 1/5 subtests

                Test Summary Report
                -------------------
                t/parse.t  (Wstat: 256 (exited 1) Tests: 5 Failed: 1)
                  Failed test:  4
                Files=2, Tests=12,  0 wallclock secs ( 0.02 usr  0.00 sys +  0.05 cusr  0.01 csys =  0.08 CPU)
                Result: FAIL
                """);
        assertCounts(c, "prove", 11, 1, 0, 0);
    }

    @Test
    void ansiColourCodesAreIgnored() {
        Counts c =
                parse("\u001B[32m  12 passing\u001B[39m \u001B[90m(40ms)\u001B[39m\n\u001B[31m  2 failing\u001B[39m\n");
        assertCounts(c, "mocha", 12, 2, 0, 0);
    }

    @Test
    void severalUnittestRunsFromAMakefileAreSummed() {
        Counts c = parse("""
                python -m unittest discover -s pkg_a
                Ran 4 tests in 0.001s

                OK
                python -m unittest discover -s pkg_b
                Ran 3 tests in 0.001s

                FAILED (errors=1)
                """);
        assertCounts(c, "unittest", 6, 0, 0, 1);
    }
}
