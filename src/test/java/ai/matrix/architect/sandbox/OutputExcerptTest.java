package ai.matrix.architect.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputExcerptTest {
    private static List<String> excerpt(int last, String output) {
        OutputExcerpt e = new OutputExcerpt(last);
        output.lines().forEach(e);
        return e.lines();
    }

    @Test
    void theFirstErrorAndTheLastLines() {
        assertThat(excerpt(2, "building\nfatal error: calc.h: No such file or directory\nstep 1\nstep 2\nstep 3\n"))
                .containsExactly("fatal error: calc.h: No such file or directory", "…", "step 2", "step 3");
        assertThat(excerpt(3, "a\nb\nc\n")).containsExactly("a", "b", "c");
        assertThat(new OutputExcerpt(3).asSuffix()).isEqualTo("; it printed nothing");
    }

    /** CMake's configure output probes the machine with words like "not found"; the test's own failure is shown. */
    @Test
    void cmakeChatterIsNotTakenForTheError() {
        String out = """
                -- The C compiler identification is GNU 12.2.0
                -- Detecting C compiler ABI info
                -- Looking for pthread_create in pthreads - not found
                -- Performing Test HAVE_FANCY_FLAG - Failed
                CMake Warning at CMakeLists.txt:9 (find_package):
                  Could not find a package configuration file provided by "Boost"
                -- Configuring done
                [100%] Built target test_calc
                Test project /w/build-matrix-architect
                1/3 Test #1: add ..............................***Failed    0.00 sec
                FAIL add(2, 3): got -1, expected 5
                2/3 Test #2: mul ..............................   Passed    0.00 sec
                3/3 Test #3: mul_zero .........................   Passed    0.00 sec
                67% tests passed, 1 tests failed out of 3
                Total Test time (real) =   0.01 sec
                The following tests FAILED:
                	  1 - add (Failed)
                Errors while running CTest
                """;
        assertThat(excerpt(4, out).getFirst()).isEqualTo("FAIL add(2, 3): got -1, expected 5");
        assertThat(String.join("\n", excerpt(4, out))).doesNotContain("-- ", "CMake Warning", "Boost");
    }

    /** A compiler's diagnostic wins over an earlier line that only says something failed. */
    @Test
    void aCompilerErrorWinsOverAnEarlierVagueLine() {
        String out = """
                checking for libfoo... not found
                Scanning dependencies of target calc
                [ 25%] Building C object CMakeFiles/calc.dir/calc.c.o
                /w/calc.c:3:30: error: expected ';' before '}' token
                make[2]: *** [CMakeFiles/calc.dir/build.make:76: CMakeFiles/calc.dir/calc.c.o] Error 1
                make[1]: *** [CMakeFiles/Makefile2:85: CMakeFiles/calc.dir/all] Error 2
                make: *** [Makefile:91: all] Error 2
                """;
        assertThat(excerpt(2, out))
                .containsExactly(
                        "/w/calc.c:3:30: error: expected ';' before '}' token",
                        "…",
                        "make[1]: *** [CMakeFiles/Makefile2:85: CMakeFiles/calc.dir/all] Error 2",
                        "make: *** [Makefile:91: all] Error 2");
    }

    /** Without a specific line, the first vague one is still shown. */
    @Test
    void aVagueErrorIsShownWhenNothingSaysMore() {
        assertThat(excerpt(1, "start\nupload failed: connection reset\nretrying\ndone\n"))
                .containsExactly("upload failed: connection reset", "…", "done");
    }

    /** Maven's goal failure is the error; its closing help text and the proxy's allowed requests are not shown. */
    @Test
    void mavensGoalFailureIsShownWithoutItsHelpText() {
        String out = """
                [INFO] BUILD FAILURE
                [INFO] ------------------------------------------------------------------------
                [INFO] Total time:  3.1 s
                [ERROR] Failed to execute goal org.apache.maven.plugins:maven-antrun-plugin:3.1.0:run (links) on\
                 project x: An Ant BuildException has occured: javadoc links unreachable
                [ERROR] around Ant part ...<fail message="javadoc links unreachable"/>... @ 4:78
                [ERROR] -> [Help 1]
                [ERROR]
                [ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.
                [ERROR] Re-run Maven using the -X switch to enable full debug logging.
                [ERROR] For more information about the errors and possible solutions, please read the following articles:
                [ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoExecutionException
                \u001B[0m\u001B[0m
                [egress] CONNECT repo.maven.apache.org:443 allowed
                [egress] CONNECT evil.example:443 denied (not a registry host of the profile)
                """;
        assertThat(excerpt(3, out))
                .containsExactly(
                        "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-antrun-plugin:3.1.0:run (links) on"
                                + " project x: An Ant BuildException has occured: javadoc links unreachable",
                        "[ERROR] around Ant part ...<fail message=\"javadoc links unreachable\"/>... @ 4:78",
                        "[egress] CONNECT evil.example:443 denied (not a registry host of the profile)");
    }
}
