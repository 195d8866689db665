package ai.matrix.architect.security;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.cli.Main;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code matrix-architect users …} manages users through the API. */
class UserCliTest extends SecurityTestSupport {

    private Path home;

    private int cli(String... args) {
        return Main.commandLine(java.util.Map.of("HOME", home.toString())).execute(args);
    }

    @Test
    void addSetListRemove(@TempDir Path home) {
        this.home = home;
        {
            String url = "http://127.0.0.1:" + port;
            assertThat(cli("login", "--url", url, "-u", "admin", "-p", ADMIN_PASSWORD))
                    .isZero();
            assertThat(cli("users", "add", "cli-user", "--role", "operator", "--password", "cli-password-1"))
                    .isZero();
            assertThat(call("GET", "/api/users", admin(), null).body()).contains("\"cli-user\"");
            assertThat(cli("users", "set", "cli-user", "--role", "viewer")).isZero();
            assertThat(call("GET", "/api/users", admin(), null)
                            .json()
                            .get("items")
                            .valueStream()
                            .filter(u -> u.get("username").asString().equals("cli-user"))
                            .findFirst()
                            .orElseThrow()
                            .get("role")
                            .asString())
                    .isEqualTo("viewer");
            assertThat(cli("users", "list")).isZero();
            assertThat(cli("users", "remove", "cli-user")).isZero();
            assertThat(call("GET", "/api/users", admin(), null).body()).doesNotContain("\"cli-user\"");
            assertThat(cli("users", "remove", "cli-user")).isEqualTo(1);
        }
    }
}
