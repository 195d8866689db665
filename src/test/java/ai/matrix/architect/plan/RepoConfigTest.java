package ai.matrix.architect.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class RepoConfigTest {
    final ObjectMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    @Test
    void readsAPlanAndVerifyCommands() throws Exception {
        RepoConfig c = RepoConfig.parse("""
                plan:
                  summary: bump
                  steps:
                    - id: s1
                      ops:
                        - {op: create, path: a.txt, content: hi}
                verify:
                  commands: ["make test"]
                """, json);
        assertThat(c.plan().steps()).hasSize(1);
        assertThat(c.plan().steps().get(0).ops().get(0).path()).isEqualTo("a.txt");
        assertThat(c.verifyCommands()).containsExactly("make test");
    }

    @Test
    void refusesUnknownKeysWrongTypesAndUnsafeYaml() throws Exception {
        assertThatThrownBy(() -> RepoConfig.parse("deploy: x\n", json)).hasMessageContaining("unknown key 'deploy'");
        assertThatThrownBy(() -> RepoConfig.parse("verify:\n  commands: 3\n", json))
                .hasMessageContaining("verify.commands must be a list of strings");
        assertThatThrownBy(() -> RepoConfig.parse("verify: !!javax.script.ScriptEngineManager []\n", json))
                .hasMessageContaining("not valid YAML");
        assertThat(RepoConfig.parse("", json).verifyCommands()).isEmpty();
    }

    @Test
    void aPlanInTheFileKeepsTheRulesOfAPlanInARequest() throws Exception {
        RepoConfig ok = RepoConfig.parse("""
                plan:
                  steps:
                    - id: s1
                      ops:
                        - {op: create, path: docs/a.txt, content: hi}
                """, json);
        assertThat(PlanStage.problems(ok.plan())).isNull();
        RepoConfig bad = RepoConfig.parse("""
                plan:
                  steps:
                    - id: s1
                      ops:
                        - {op: create, path: ../outside.txt, content: hi}
                        - {op: update, path: .git/config, content: x}
                        - {op: recipe, name: upgrade}
                """, json);
        assertThat(PlanStage.problems(bad.plan()))
                .startsWith(".matrix-architect.yml: the plan breaks the plan rules: ")
                .contains("plan.steps[0].ops[0].path")
                .contains("plan.steps[0].ops[1].path")
                .contains("plan.steps[0].ops[2]");
    }
}
