package ai.matrix.architect.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathRulesTest {
    @ParameterizedTest
    @ValueSource(
            strings = {"src/main.py", "README.md", "a/b/c/d.txt", ".github/workflows/ci.yml", "x..y/z", ".gitignore"})
    void acceptsPathsInsideTheRepository(String path) {
        assertThat(PathRules.problem(path)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "/etc/passwd",
                "../outside",
                "a/../../b",
                ".git/config",
                "sub/.GIT/hooks/x",
                "C:\\\\windows",
                "a\\\\..\\\\..\\\\b",
                "x\0y",
                ".git"
            })
    void refusesPathsThatLeaveTheRepositoryOrTouchGit(String path) {
        assertThat(PathRules.problem(path)).isPresent();
    }
}
