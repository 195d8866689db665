package ai.matrix.architect.security;

import static org.assertj.core.api.Assertions.assertThat;

import ai.matrix.architect.secret.Redactor;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The server's own log lines are masked as well. */
@ExtendWith(OutputCaptureExtension.class)
class LogRedactionTest extends SecurityTestSupport {
    @Autowired
    Redactor redactor;

    @Test
    void secretsDoNotReachTheServerLog(CapturedOutput output) {
        String secret = "LOGSECRET-" + UUID.randomUUID();
        redactor.register(secret);
        String b64 = Base64.getEncoder().encodeToString(secret.getBytes());
        LoggerFactory.getLogger("ai.matrix.architect.test").warn("failed with {} and {}", secret, b64);
        assertThat(output.getOut() + output.getErr())
                .contains("failed with [REDACTED]")
                .doesNotContain(secret)
                .doesNotContain(b64.substring(0, 30));
    }
}
