package ai.matrix.architect.verify.truth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeclaredTestCommandTest {
    @TempDir
    Path repo;

    private void write(String path, String text) throws IOException {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private DeclaredTestCommand found() {
        return DeclaredTestCommand.find(repo).orElseThrow();
    }

    @Test
    void nothingDeclaredIsEmpty() throws IOException {
        write("README.md", "# hello\n");
        write(
                "package.json",
                "{\"name\":\"x\",\"scripts\":{\"test\":\"echo \\\"Error: no test specified\\\" && exit 1\"}}");
        assertThat(DeclaredTestCommand.find(repo)).isEmpty();
    }

    @Test
    void toxUnittestWinsOverTheMakefileAndNamesIt() throws IOException {
        write("tox.ini", """
                [tox]
                envlist = py3

                [testenv]
                deps = -rrequirements.txt
                commands =
                    python -m pip --version
                    {envpython} -m unittest {posargs}
                """);
        write("Makefile", "test:\n\tpython -m unittest\n");
        write("setup.py", "from setuptools import setup\nsetup(name='calc')\n");
        DeclaredTestCommand c = found();
        assertThat(c.command()).isEqualTo("python -m unittest");
        assertThat(c.ecosystem()).isEqualTo("python");
        assertThat(c.why()).startsWith("tox.ini [testenv] commands").contains("also declared: Makefile target 'test'");
    }

    @Test
    void toxPytestKeepsDoctestModulesAndThePosargsDefault() throws IOException {
        write("tox.ini", """
                [tox]
                envlist = py39,py312

                [testenv:lint]
                commands = flake8 src

                [testenv:py]
                commands =
                    - coverage erase
                    pytest --doctest-modules \\
                        -ra {posargs:src tests}
                """);
        DeclaredTestCommand c = found();
        assertThat(c.command()).isEqualTo("pytest --doctest-modules -ra src tests");
        assertThat(c.why()).startsWith("tox.ini [testenv:py] commands");
    }

    @Test
    void pyprojectLegacyToxIni() throws IOException {
        write("pyproject.toml", """
                [project]
                name = "calc"

                [tool.tox]
                legacy_tox_ini = \"\"\"
                [tox]
                envlist = py3
                [testenv]
                commands = pytest {posargs}
                \"\"\"
                """);
        DeclaredTestCommand c = found();
        assertThat(c.command()).isEqualTo("pytest");
        assertThat(c.why()).startsWith("pyproject.toml [tool.tox] legacy_tox_ini [testenv] commands");
    }

    @Test
    void noxSessionNamedTests() throws IOException {
        write("noxfile.py", """
                import nox

                @nox.session
                def lint(session):
                    session.run("flake8", "src")

                @nox.session(python=["3.11", "3.12"])
                def tests(session):
                    session.install("-e", ".[test]")
                    session.run(
                        "pytest",
                        "--doctest-glob=*.rst",
                        *session.posargs,
                    )
                """);
        DeclaredTestCommand c = found();
        assertThat(c.command()).isEqualTo("pytest --doctest-glob=*.rst");
        assertThat(c.why()).isEqualTo("noxfile.py session tests()");
    }

    @Test
    void pytestAddoptsFromPyprojectEndUpInTheCommand() throws IOException {
        write("pyproject.toml", """
                [project]
                name = "calc"

                [tool.pytest.ini_options]
                testpaths = ["tests"]
                addopts = [
                    "--doctest-modules",
                    "-ra",
                ]

                [tool.coverage.run]
                branch = true
                """);
        DeclaredTestCommand c = found();
        assertThat(c.command()).isEqualTo("python -m pytest --doctest-modules -ra");
        assertThat(c.why()).isEqualTo("pyproject.toml [tool.pytest.ini_options] addopts");
    }

    @Test
    void pytestAddoptsFromSetupCfg() throws IOException {
        write("setup.cfg", """
                [metadata]
                name = calc

                [tool:pytest]
                addopts =
                    --doctest-modules
                    --strict-markers
                """);
        assertThat(found().command()).isEqualTo("python -m pytest --doctest-modules --strict-markers");
    }

    @Test
    void npmTestScript() throws IOException {
        write("package.json", """
                {"name": "tiny", "scripts": {"build": "tsc", "test": "uvu tests"}, "devDependencies": {"uvu": "^0.5.6"}}
                """);
        DeclaredTestCommand c = found();
        assertThat(c.command()).isEqualTo("npm test");
        assertThat(c.ecosystem()).isEqualTo("node");
        assertThat(c.why()).isEqualTo("package.json scripts.test: uvu tests");
    }

    @Test
    void cmakeSuiteIsPreferredOverARootMakefileDemo() throws IOException {
        write("CMakeLists.txt", """
                cmake_minimum_required(VERSION 3.21)
                project(strlib C)
                add_library(strlib src/strlib.c)
                enable_testing()
                add_subdirectory(tests)
                """);
        write("tests/CMakeLists.txt", "add_executable(t_strlib t_strlib.c)\nadd_test(NAME strlib COMMAND t_strlib)\n");
        write("Makefile", """
                CC ?= cc
                .PHONY: demo test
                demo:
                \t$(CC) -o demo examples/demo.c src/strlib.c
                test: demo
                \t./demo
                """);
        DeclaredTestCommand c = found();
        assertThat(c.ecosystem()).isEqualTo("cmake");
        assertThat(c.command())
                .startsWith("cmake -S . -B build-matrix-architect")
                .contains("cmake --build build-matrix-architect")
                .endsWith("ctest --test-dir build-matrix-architect --output-on-failure");
        assertThat(c.why()).contains("also declared: Makefile target 'test' → make test");
    }

    @Test
    void aMakefileThatDrivesCtestIsUsedAsIs() throws IOException {
        write("CMakeLists.txt", "project(x)\ninclude(CTest)\nadd_test(NAME a COMMAND a)\n");
        write("Makefile", "build:\n\tcmake -S . -B out && cmake --build out\ntest: build\n\tcd out && ctest\n");
        DeclaredTestCommand c = found();
        assertThat(c.command()).isEqualTo("make test");
        assertThat(c.why()).startsWith("Makefile target 'test' (drives cmake/ctest)");
    }

    /** A wrapper that calls cmake only to build and run a demo does not run the suite: ctest still wins. */
    @Test
    void aMakefileThatBuildsWithCmakeButRunsADemoDoesNotDriveCtest() throws IOException {
        write("CMakeLists.txt", "project(x C)\nenable_testing()\nadd_test(NAME a COMMAND a)\n");
        write(
                "Makefile",
                "demo:\n\tcmake -S . -B build\n\tcmake --build build --target demo\ntest: demo\n\t./build/demo\n");
        assertThat(found().ecosystem()).isEqualTo("cmake");

        write(
                "Makefile",
                "build:\n\tcmake -S . -B build && cmake --build build\ntest: build\n\t$(MAKE) -C build test\n");
        assertThat(found().command()).isEqualTo("make test");
        write("Makefile", "test:\n\tcmake --build build --target test\n");
        assertThat(found().command()).isEqualTo("make test");
    }

    @Test
    void makefileCheckTargetWhenThereIsNoTestTarget() throws IOException {
        write("Makefile", "all: lib\nlib:\n\tcc -c lib.c\ncheck: lib\n\t./run-tests.sh\nCHECKFLAGS := -v\n");
        DeclaredTestCommand c = found();
        assertThat(c.command()).isEqualTo("make check");
        assertThat(c.ecosystem()).isEqualTo("make");
    }

    @Test
    void makefileVariableNamedTestIsNotATarget() {
        assertThat(MakeDeclarations.testTarget("test := foo\nall:\n\techo\n")).isEmpty();
        assertThat(MakeDeclarations.testTarget("all test: build\n\t./t\n")).contains("test");
        assertThat(MakeDeclarations.testTarget("test::\n\t./t\n")).contains("test");
    }

    @Test
    void mavenRunsTestByDefault() throws IOException {
        write("pom.xml", "<project/>");
        DeclaredTestCommand c = found();
        assertThat(c.command()).isEqualTo("mvn test");
        assertThat(c.ecosystem()).isEqualTo("maven");
    }

    @Test
    void mavenRunsTheGoalsItsCiNames() throws IOException {
        write("pom.xml", "<project/>");
        write("mvnw", "#!/bin/sh\n");
        write(".github/workflows/release.yml", """
                on: {push: {tags: ['v*']}}
                jobs:
                  release:
                    runs-on: ubuntu-latest
                    steps:
                      - run: mvn -B deploy -DskipTests
                """);
        write(".github/workflows/ci.yml", """
                name: CI
                on: [push, pull_request]
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    strategy:
                      matrix:
                        java: [17, 21]
                    steps:
                      - uses: actions/checkout@v4
                      - name: Build and test
                        run: ./mvnw -B -ntp -pl core -am -Djava.version=${{ matrix.java }} test
                """);
        DeclaredTestCommand c = found();
        assertThat(c.command()).isEqualTo("./mvnw -pl core -am test");
        assertThat(c.why()).startsWith("the goals the CI runs: ci.yml job build");
    }

    @Test
    void mavenVerifyOnlyWhenTheCiDeclaresIt() {
        assertThat(JvmDeclarations.mavenArguments("mvn -B verify -Pci")).contains(java.util.List.of("verify", "-Pci"));
        assertThat(JvmDeclarations.mavenArguments("mvn -B deploy")).isEmpty();
        assertThat(JvmDeclarations.mavenArguments("mvn -B dependency:go-offline"))
                .isEmpty();
        assertThat(JvmDeclarations.mavenArguments("echo mvn")).isEmpty();
        // a debug flag would bury the test output; a packaging step that skips tests is not the CI's test run
        assertThat(JvmDeclarations.mavenArguments("mvn -X verify -B --file pom.xml"))
                .contains(java.util.List.of("verify", "--file", "pom.xml"));
        assertThat(JvmDeclarations.mavenArguments("mvn -B -DskipTests package")).isEmpty();
        assertThat(JvmDeclarations.mavenArguments("mvn -Dmaven.test.skip=true verify"))
                .isEmpty();
    }

    @Test
    void gradleRunsTheTasksItsCiNames() throws IOException {
        write("build.gradle.kts", "plugins { java }\n");
        write("gradlew", "#!/bin/sh\n");
        write(".github/workflows/ci.yaml", """
                jobs:
                  test:
                    steps:
                      - run: ./gradlew --no-daemon check
                """);
        assertThat(found().command()).isEqualTo("./gradlew check");
    }

    @Test
    void ciWorkflowIsTheLastHint() throws IOException {
        write(".github/workflows/ci.yml", """
                jobs:
                  lint:
                    steps:
                      - run: ./lint.sh
                  unit-tests:
                    runs-on: ubuntu-latest
                    steps:
                      - name: Install
                        run: ./configure --prefix=/tmp/x
                      - name: Run the tests
                        run: |
                          # the suite prints TAP
                          ./t/run-all.sh
                          ./t/summary.sh
                """);
        DeclaredTestCommand c = found();
        assertThat(c.command()).isEqualTo("./t/run-all.sh && ./t/summary.sh");
        assertThat(c.ecosystem()).isEqualTo("ci");
        assertThat(c.why()).isEqualTo("ci.yml job unit-tests step 'Run the tests' (a hint from CI)");
    }

    @Test
    void unreadableWorkflowAndPackageJsonAreNoDeclaration() throws IOException {
        write(".github/workflows/broken.yml", "jobs: [unclosed\n");
        write("package.json", "{ not json");
        assertThat(DeclaredTestCommand.find(repo)).isEmpty();
    }
}
