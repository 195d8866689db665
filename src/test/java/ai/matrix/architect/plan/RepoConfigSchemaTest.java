package ai.matrix.architect.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RepoConfigSchemaTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void readsChecksImageEnvAndTimeouts() throws Exception {
        RepoConfig c = RepoConfig.parse("""
                verify:
                  profile: maven
                  image: eclipse-temurin:21
                  env: {CI: true, LEVEL: 3}
                  timeout: 10m
                  checks:
                    maven-test:
                      command: mvn -B -o test
                      timeout: 90s
                    lint:
                      command: ./lint.sh
                      kind: lint
                      enabled: true
                """, JSON);
        VerifySettings v = c.verify();
        assertThat(v.profile()).isEqualTo("maven");
        assertThat(v.env()).containsEntry("CI", "true").containsEntry("LEVEL", "3");
        assertThat(v.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(v.checks()).containsOnlyKeys("maven-test", "lint");
        assertThat(v.checks().get("maven-test").timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(v.checks().get("lint").kind()).isEqualTo("lint");
    }

    @Test
    void unknownKeysAndWrongTypesNameTheLine() {
        assertThatThrownBy(() -> RepoConfig.parse("verify:\n  commands: [a]\n  comands: [b]\n", JSON))
                .hasMessage(
                        ".matrix-architect.yml, line 3: unknown key 'verify.comands' (known here: profile, commands,"
                                + " image, env, timeout, checks, secrets)");
        assertThatThrownBy(() -> RepoConfig.parse("verify:\n  checks:\n    test:\n      timeout: soon\n", JSON))
                .hasMessage(".matrix-architect.yml, line 4: verify.checks.test.timeout must be a duration like 90s, 10m"
                        + " or 1h, not 'soon'");
        assertThatThrownBy(() -> RepoConfig.parse("verify:\n  commands: make test\n", JSON))
                .hasMessage(
                        ".matrix-architect.yml, line 2: verify.commands must be a list of strings, not 'make test'");
        assertThatThrownBy(() -> RepoConfig.parse("\nverify:\n  checks:\n    t:\n      enabled: maybe\n", JSON))
                .hasMessageStartingWith(".matrix-architect.yml, line 5: verify.checks.t.enabled must be true or false");
        assertThatThrownBy(() -> RepoConfig.parse("verify:\n  profile: ant\n", JSON))
                .hasMessageStartingWith(".matrix-architect.yml, line 2: verify.profile must be one of auto, cargo");
        assertThatThrownBy(() -> RepoConfig.parse("verify:\n  commands: [a\n", JSON))
                .hasMessageStartingWith(".matrix-architect.yml, line 3: not valid YAML");
        assertThatThrownBy(() -> RepoConfig.parse("pipeline: {}\n", JSON))
                .hasMessageContaining("line 1: unknown key 'pipeline'");
    }
}
