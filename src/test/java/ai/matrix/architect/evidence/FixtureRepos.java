package ai.matrix.architect.evidence;

import static org.awaitility.Awaitility.await;

import ai.matrix.architect.e2e.TestApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Small real projects, committed to bare git repositories, for the verification-profile tests. */
final class FixtureRepos {
    private FixtureRepos() {}

    /** Maven + JUnit 5: two passing tests, one disabled, one failing ("two and two make five"). */
    static Map<String, String> maven() {
        return Map.of(
                "pom.xml", """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <project xmlns="http://maven.apache.org/POM/4.0.0">
                          <modelVersion>4.0.0</modelVersion>
                          <groupId>com.example</groupId>
                          <artifactId>calc</artifactId>
                          <version>1.0.0</version>
                          <properties>
                            <maven.compiler.release>17</maven.compiler.release>
                            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                          </properties>
                          <dependencies>
                            <dependency>
                              <groupId>org.junit.jupiter</groupId>
                              <artifactId>junit-jupiter</artifactId>
                              <version>5.11.4</version>
                              <scope>test</scope>
                            </dependency>
                          </dependencies>
                          <build>
                            <plugins>
                              <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
                              <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                              <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                              <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                            </plugins>
                          </build>
                        </project>
                        """,
                "src/main/java/com/example/Calc.java", """
                        package com.example;

                        public class Calc {
                            public static int add(int a, int b) {
                                return a + b;
                            }
                        }
                        """,
                "src/test/java/com/example/CalcTest.java", """
                        package com.example;

                        import static org.junit.jupiter.api.Assertions.assertEquals;

                        import org.junit.jupiter.api.Disabled;
                        import org.junit.jupiter.api.Test;

                        class CalcTest {
                            @Test
                            void adds() {
                                assertEquals(4, Calc.add(2, 2));
                            }

                            @Test
                            void addsNegatives() {
                                assertEquals(-3, Calc.add(-1, -2));
                            }

                            @Test
                            @Disabled("not yet")
                            void later() {}

                            @Test
                            void wrong() {
                                assertEquals(5, Calc.add(2, 2), "two and two make five");
                            }
                        }
                        """);
    }

    /** npm with node's built-in test runner: two pass, one fails, one is skipped; no dependencies. */
    static Map<String, String> npm() {
        return Map.of(
                "package.json", """
                        {"name": "calc", "version": "1.0.0", "private": true, "scripts": {"test": "node --test"}}
                        """,
                "calc.js", "exports.add = (a, b) => a + b;\n",
                "test/calc.test.js", """
                        const test = require('node:test');
                        const assert = require('node:assert');
                        const { add } = require('../calc.js');

                        test('adds', () => { assert.strictEqual(add(2, 2), 4); });
                        test('adds negatives', () => { assert.strictEqual(add(-1, -2), -3); });
                        test('is wrong', () => {
                          assert.strictEqual(add(2, 2), 5, 'two and two make five');
                        });
                        test('later', { skip: 'not yet' }, () => {});
                        """);
    }

    /**
     * Python with pytest: three pass, one fails, one is skipped. Its pinned requirement is not installable here
     * (no PyPI), so the file turns the fetch check off; the SBOM still lists it.
     */
    static Map<String, String> python() {
        return Map.of(
                "requirements.txt", "requests==2.31.0\n",
                ".matrix-architect.yml", """
                        verify:
                          env:
                            CALC_MODE: strict
                          checks:
                            python-fetch:
                              enabled: false
                            python-test:
                              timeout: 5m
                        """,
                "calc.py", "def add(a, b):\n    return a + b\n",
                "tests/test_calc.py", """
                        import os

                        import pytest

                        from calc import add


                        def test_adds():
                            assert add(2, 2) == 4


                        def test_adds_negatives():
                            assert add(-1, -2) == -3


                        def test_env_from_the_repo_file():
                            assert os.environ.get("CALC_MODE") == "strict"


                        def test_wrong():
                            assert add(2, 2) == 5, "two and two make five"


                        @pytest.mark.skip(reason="not yet")
                        def test_later():
                            pass
                        """,
                "conftest.py", "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n");
    }

    /** Make: {@code make test} runs a small shell test harness that writes JUnit XML; both tests pass. */
    static Map<String, String> make() {
        return Map.of(
                "Makefile", "test:\n\tsh tests/run.sh\n",
                "calc.sh", "echo $(($1 + $2))\n",
                "tests/run.sh", """
                        mkdir -p .matrix-architect/reports
                        out=.matrix-architect/reports/make-tests.xml
                        echo '<testsuite name="calc.sh">' > $out
                        for t in "2 2 4" "-1 -2 -3"; do
                          set -- $t
                          got=$(sh calc.sh $1 $2)
                          if [ "$got" = "$3" ]; then
                            echo "<testcase classname='calc' name='add $1 $2'/>" >> $out
                          else
                            echo "<testcase classname='calc' name='add $1 $2'><failure message='got $got'/></testcase>" >> $out
                          fi
                          echo "add $1 $2 = $got"
                        done
                        echo '</testsuite>' >> $out
                        """);
    }

    /** A repository whose .matrix-architect.yml has a typo on line 3; its Makefile would leave a marker. */
    static Map<String, String> malformed() {
        return Map.of(
                ".matrix-architect.yml", "verify:\n  profile: make\n  comands: [\"make test\"]\n",
                "Makefile", "test:\n\ttouch RAN\n");
    }

    /**
     * npm with one dependency that has published advisories, minimist 0.0.8; the lockfile is what npm 11 wrote for
     * this package.json. Its test passes.
     */
    static Map<String, String> npmWithAdvisories() {
        return Map.of(
                "package.json", """
                        {"name": "audit-fixture", "version": "1.0.0", "private": true,
                         "dependencies": {"minimist": "0.0.8"}, "scripts": {"test": "node --test"}}
                        """,
                "package-lock.json", """
                        {
                          "name": "audit-fixture",
                          "version": "1.0.0",
                          "lockfileVersion": 3,
                          "requires": true,
                          "packages": {
                            "": {
                              "name": "audit-fixture",
                              "version": "1.0.0",
                              "dependencies": {
                                "minimist": "0.0.8"
                              }
                            },
                            "node_modules/minimist": {
                              "version": "0.0.8",
                              "integrity": "sha512-miQKw5Hv4NS1Psg2517mV4e4dYNaO3++hjAvLOAzKqZ61rH8NS1SK+vbfBWZ5PY/Me/bEWhUwqMghEW5Fb9T7Q==",
                              "license": "MIT"
                            }
                          }
                        }
                        """,
                "test/args.test.js", """
                        const test = require('node:test');
                        const assert = require('node:assert');
                        const parse = require('minimist');

                        test('parses flags', () => { assert.strictEqual(parse(['--n', '3']).n, 3); });
                        """);
    }

    /** A job that verifies the repository as it is: a plan without changes, run without approval. */
    static Map<String, Object> verifyOnly(Path bare) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("repo", Map.of("kind", "git", "url", bare.toUri().toString(), "ref", "main"));
        body.put("goal", "Verify the project as it is");
        body.put(
                "plan",
                Map.of(
                        "summary",
                        "no change",
                        "steps",
                        List.of(Map.of("id", "s1", "title", "verify only", "ops", List.of()))));
        body.put("auto_execute", true);
        return body;
    }

    /** Waits for the job to end and returns it. */
    static JsonNode awaitEnd(TestApi api, String id, Duration atMost) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> List.of("succeeded", "failed", "cancelled", "rejected")
                        .contains(api.job(id).get("status").asString()));
        return api.job(id);
    }

    /** The job's record of one VERIFY check. */
    static JsonNode check(JsonNode job, String name) {
        for (JsonNode c : job.at("/evidence/checks"))
            if (c.get("name").asString().equals(name)) return c;
        throw new AssertionError("no check " + name + " in " + job.at("/evidence/checks"));
    }

    /** Commits the files to a new bare repository under {@code dir} and returns its path. */
    static Path bare(Path dir, String name, Map<String, String> files) throws IOException, InterruptedException {
        Path work = dir.resolve(name + "-work");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = work.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        }
        run(work, "git", "init", "--quiet", "--initial-branch=main");
        run(work, "git", "add", "-A");
        run(
                work,
                "git",
                "-c",
                "user.name=Fixture",
                "-c",
                "user.email=fixture@example.com",
                "commit",
                "--quiet",
                "-m",
                "fixture");
        Path bare = dir.resolve(name + ".git");
        run(dir, "git", "clone", "--quiet", "--bare", work.toString(), bare.toString());
        return bare;
    }

    private static void run(Path cwd, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb =
                new ProcessBuilder(List.of(cmd)).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
}
