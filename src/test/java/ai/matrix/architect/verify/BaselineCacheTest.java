package ai.matrix.architect.verify;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.ecosystem.Check;
import ai.matrix.architect.ecosystem.CheckKind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cache key: the same check on the same base commit of the same project's repository, and nothing else. */
class BaselineCacheTest {
    private static Check check(String command, Map<String, String> env) {
        return new Check("python-test", "python", CheckKind.TEST, command, null, env, null, null);
    }

    @Test
    void theKeyCoversProjectRepositoryCommitAndTheCheckButNotTheOrderOfItsEnvironment() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("A", "1");
        ab.put("B", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("B", "2");
        ba.put("A", "1");
        String key = BaselineCache.key("p", "file:///r", "abc", check("pytest", ab));
        assertThat(key).hasSize(64).isEqualTo(BaselineCache.key("p", "file:///r", "abc", check("pytest", ba)));
        assertThat(key)
                .isNotEqualTo(BaselineCache.key("q", "file:///r", "abc", check("pytest", ab)))
                .isNotEqualTo(BaselineCache.key("p", "file:///s", "abc", check("pytest", ab)))
                .isNotEqualTo(BaselineCache.key("p", "file:///r", "abd", check("pytest", ab)))
                .isNotEqualTo(BaselineCache.key("p", "file:///r", "abc", check("pytest -x", ab)))
                .isNotEqualTo(BaselineCache.key("p", "file:///r", "abc", check("pytest", Map.of("A", "1"))));
    }
}
