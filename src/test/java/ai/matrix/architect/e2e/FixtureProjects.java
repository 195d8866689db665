package ai.matrix.architect.e2e;

import java.util.Map;

/**
 * Small projects in the shapes real repositories have (issue 12's "Must show"), written for these tests. Each
 * method returns the files of branch main; {@code broken} variants are the content a plan writes to break them.
 */
final class FixtureProjects {
    private FixtureProjects() {}

    // --- pytest whose tox.ini asks for --doctest-modules

    static final String SQUARES = """
            def square(x):
                \"\"\"The square of x.

                >>> square(3)
                9
                \"\"\"
                return x * %s


            def cube(x):
                \"\"\"The cube of x.

                >>> cube(2)
                8
                \"\"\"
                return x * x * x
            """;

    static Map<String, String> pytestDoctests() {
        return Map.of(
                "tox.ini",
                "[tox]\nenvlist = py3\n\n[testenv]\ndeps = pytest\ncommands = pytest --doctest-modules {posargs}\n",
                "squares.py",
                SQUARES.formatted("x"),
                "test_squares.py",
                "from squares import square\n\n\ndef test_zero():\n    assert square(0) == 0\n");
    }

    /** tox.ini and the Makefile declare {@code python -m unittest}; the doctests come in through load_tests. */
    static Map<String, String> unittestLoadTests() {
        return Map.of(
                "tox.ini",
                "[tox]\nenvlist = py3\n\n[testenv]\ncommands = python -m unittest -v\n",
                "setup.cfg",
                "[metadata]\nname = squares\n",
                "Makefile",
                "test:\n\tpython3 -m unittest\n",
                "squares.py",
                SQUARES.formatted("x"),
                "test_squares.py",
                """
                import doctest
                import unittest

                import squares


                def load_tests(loader, tests, ignore):
                    tests.addTests(doctest.DocTestSuite(squares))
                    return tests


                class SquareTest(unittest.TestCase):
                    def test_zero(self):
                        self.assertEqual(squares.square(0), 0)
                """);
    }

    // --- CMake with a ctest suite, and a root Makefile whose test target builds and runs a demo

    static final String CALC_C = "#include \"calc.h\"\n\nint add(int a, int b) { return %s; }\n\n"
            + "int mul(int a, int b) { return a * b; }\n";

    static Map<String, String> cmakeWithDemoMakefile() {
        return Map.of(
                "CMakeLists.txt",
                """
                cmake_minimum_required(VERSION 3.13)
                project(calc C)
                add_library(calc calc.c)
                add_executable(demo demo.c)
                target_link_libraries(demo calc)
                enable_testing()
                add_executable(test_calc test_calc.c)
                target_link_libraries(test_calc calc)
                add_test(NAME add COMMAND test_calc add)
                add_test(NAME mul COMMAND test_calc mul)
                add_test(NAME mul_zero COMMAND test_calc mul_zero)
                """,
                "calc.h",
                "int add(int a, int b);\nint mul(int a, int b);\n",
                "calc.c",
                CALC_C.formatted("a + b"),
                "demo.c",
                "#include <stdio.h>\n#include \"calc.h\"\n\n"
                        + "int main(void) {\n    printf(\"2 + 3 = %d\\n\", add(2, 3));\n    return 0;\n}\n",
                "test_calc.c",
                """
                #include <stdio.h>
                #include <string.h>
                #include "calc.h"

                static int expect(const char *what, int got, int want) {
                    if (got == want) return 0;
                    fprintf(stderr, "FAIL %s: got %d, expected %d\\n", what, got, want);
                    return 1;
                }

                int main(int argc, char **argv) {
                    const char *t = argc > 1 ? argv[1] : "";
                    if (!strcmp(t, "add")) return expect("add(2, 3)", add(2, 3), 5);
                    if (!strcmp(t, "mul")) return expect("mul(2, 3)", mul(2, 3), 6);
                    if (!strcmp(t, "mul_zero")) return expect("mul(7, 0)", mul(7, 0), 0);
                    return 2;
                }
                """,
                "Makefile",
                // the project's convenience wrapper: builds with cmake and runs the demo, never ctest
                """
                .PHONY: all test demo
                all: demo
                demo:
                \tcmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
                \tcmake --build build --target demo
                test: demo
                \t./build/demo
                """);
    }

    // --- make-based C project printing its own totals

    static final String STRINGS_C = "#include <string.h>\n\nint length(const char *s) { return %s; }\n";

    static Map<String, String> cTotals() {
        return Map.of(
                "strings.c",
                STRINGS_C.formatted("(int) strlen(s)"),
                "test_strings.c",
                """
                #include <stdio.h>

                int length(const char *s);

                static int tests, failures;

                static void check(int ok, const char *what) {
                    tests++;
                    if (!ok) {
                        failures++;
                        printf("  failed: %s\\n", what);
                    }
                }

                int main(void) {
                    check(length("") == 0, "empty");
                    check(length("a") == 1, "one");
                    check(length("abc") == 3, "three");
                    check(length("hello world") == 11, "with a space");
                    printf("%d tests, %d failures\\n", tests, failures);
                    return failures != 0;
                }
                """,
                "Makefile",
                "CC ?= cc\n\ntest_strings: test_strings.c strings.c\n\t$(CC) -o $@ $^\n\n"
                        + ".PHONY: test\ntest: test_strings\n\t./test_strings\n");
    }

    // --- a shell test script printing TAP, run by make test

    static final String GREET_SH = "greet() { echo \"%s, $1\"; }\n";

    static Map<String, String> tapThroughMake() {
        return Map.of(
                "greet.sh",
                GREET_SH.formatted("Hello"),
                "t/greet.t",
                """
                #!/bin/sh
                . ./greet.sh
                n=0; failed=0
                check() { n=$((n+1)); if [ "$1" = "$2" ]; then echo "ok $n - $3"; else echo "not ok $n - $3"; \
                failed=1; fi; }
                echo "1..4"
                check "$(greet World)" "Hello, World" "greets the world"
                check "$(greet you)" "Hello, you" "greets you"
                check "$(greet '')" "Hello, " "greets nobody"
                echo "ok 4 - greets in Klingon # SKIP no Klingon yet"
                exit $failed
                """,
                "Makefile",
                ".PHONY: test\ntest:\n\tsh t/greet.t\n");
    }

    // --- npm projects whose runners write no report: uvu, and mocha with its default reporter

    static final String SLUG_JS = "exports.slug = (s) => s.trim().toLowerCase().replace(/\\s+/g, %s);\n";

    static Map<String, String> npmUvu() {
        return Map.of(
                "package.json",
                """
                {"name": "slug-uvu", "version": "1.0.0", "private": true,
                 "scripts": {"test": "uvu test"},
                 "devDependencies": {"uvu": "^0.5.6"}}
                """,
                "slug.js",
                SLUG_JS.formatted("'-'"),
                "test/slug.js",
                """
                const { test } = require('uvu');
                const assert = require('uvu/assert');
                const { slug } = require('../slug.js');

                test('lower case', () => assert.is(slug('Hello'), 'hello'));
                test('spaces become dashes', () => assert.is(slug('a b  c'), 'a-b-c'));
                test('trimmed', () => assert.is(slug('  x '), 'x'));
                test.run();
                """,
                ".gitignore",
                "node_modules/\n");
    }

    static Map<String, String> npmMocha() {
        return Map.of(
                "package.json",
                """
                {"name": "slug-mocha", "version": "1.0.0", "private": true,
                 "scripts": {"test": "mocha"},
                 "devDependencies": {"mocha": "^10.8.2"}}
                """,
                "slug.js",
                SLUG_JS.formatted("'-'"),
                "test/slug.test.js",
                """
                const assert = require('node:assert');
                const { slug } = require('../slug.js');

                describe('slug', () => {
                  it('lower-cases', () => assert.strictEqual(slug('Hello'), 'hello'));
                  it('turns spaces into dashes', () => assert.strictEqual(slug('a b  c'), 'a-b-c'));
                  it('trims', () => assert.strictEqual(slug('  x '), 'x'));
                  it.skip('transliterates', () => assert.strictEqual(slug('Ä'), 'a'));
                });
                """,
                ".gitignore",
                "node_modules/\n");
    }

    // --- npm whose prepare script asks git (husky, lefthook and version stamps do)

    static Map<String, String> npmPrepareAsksGit() {
        return Map.of(
                "package.json",
                """
                {"name": "stamped", "version": "1.0.0", "private": true,
                 "scripts": {
                   "prepare": "git rev-parse HEAD > .rev && git describe --tags --always > .describe",
                   "test": "npm run prepare && node --test"}}
                """,
                "test/rev.test.js",
                """
                const test = require('node:test');
                const assert = require('node:assert');
                const fs = require('node:fs');
                const { execFileSync } = require('node:child_process');

                test('the stamp is the checked-out commit', () => {
                  const rev = fs.readFileSync('.rev', 'utf8').trim();
                  assert.match(rev, /^[0-9a-f]{40}$/);
                  assert.strictEqual(rev, execFileSync('git', ['log', '-1', '--format=%H']).toString().trim());
                });
                test('the tag is seen', () => {
                  assert.match(fs.readFileSync('.describe', 'utf8'), /^v1\\.0\\.0-1-g[0-9a-f]+/);
                });
                """,
                ".gitignore",
                ".rev\n.describe\n",
                "README.md",
                "# stamped\n");
    }

    // --- Maven: TestNG with its default listeners; a verify phase that fails on a plugin the CI never runs

    private static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>fixture</groupId><artifactId>%s</artifactId><version>1</version>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <dependencies>
                %s
              </dependencies>
              <build><plugins>
                <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version>%s</plugin>
                %s
              </plugins></build>
            </project>
            """;

    static final String WORDS_JAVA = """
            package fixture;

            public final class Words {
                private Words() {}

                public static int count(String s) {
                    return s.isBlank() ? 0 : s.strip().split("\\\\s+").length%s;
                }
            }
            """;

    private static final String TESTNG = "<dependency><groupId>org.testng</groupId><artifactId>testng</artifactId>"
            + "<version>7.5.1</version><scope>test</scope></dependency>";

    static Map<String, String> mavenTestNgDefaultListeners() {
        return Map.of(
                "pom.xml",
                POM.formatted(
                        "testng-listeners",
                        TESTNG,
                        // TestNG's default listeners write two more JUnit-format copies of every result
                        "<configuration><properties><property><name>usedefaultlisteners</name><value>true</value>"
                                + "</property></properties></configuration>",
                        ""),
                "src/main/java/fixture/Words.java",
                WORDS_JAVA.formatted(""),
                "src/test/java/fixture/WordsTest.java",
                """
                package fixture;

                import static org.testng.Assert.assertEquals;

                import org.testng.annotations.Test;

                public class WordsTest {
                    @Test public void empty() { assertEquals(Words.count(""), 0); }
                    @Test public void one() { assertEquals(Words.count("word"), 1); }
                    @Test public void several() { assertEquals(Words.count(" a  b c "), 3); }
                    @Test(enabled = false) public void unicodeSpaces() { assertEquals(Words.count("a\u2003b"), 2); }
                }
                """);
    }

    static Map<String, String> mavenVerifyPhaseNeverRunByCi() {
        return Map.of(
                "pom.xml",
                POM.formatted(
                        "ci-runs-test",
                        TESTNG,
                        "",
                        // a release-time check bound to verify that cannot pass here (like javadoc reaching remote
                        // links); the project's CI runs mvn test and never reaches it
                        """
                        <plugin><artifactId>maven-antrun-plugin</artifactId><version>3.1.0</version>
                          <executions><execution><id>release-links</id><phase>verify</phase><goals><goal>run</goal>
                          </goals><configuration><target>
                            <fail message="javadoc links unreachable: https://docs.example.invalid/api"/>
                          </target></configuration></execution></executions></plugin>"""),
                ".github/workflows/ci.yml",
                """
                name: ci
                on: [push, pull_request]
                jobs:
                  test:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - uses: actions/setup-java@v4
                        with: {distribution: temurin, java-version: 17}
                      - run: mvn -B test
                """,
                "src/main/java/fixture/Words.java",
                WORDS_JAVA.formatted(""),
                "src/test/java/fixture/WordsTest.java",
                """
                package fixture;

                import static org.testng.Assert.assertEquals;

                import org.testng.annotations.Test;

                public class WordsTest {
                    @Test public void empty() { assertEquals(Words.count(""), 0); }
                    @Test public void several() { assertEquals(Words.count(" a  b c "), 3); }
                }
                """);
    }
}
