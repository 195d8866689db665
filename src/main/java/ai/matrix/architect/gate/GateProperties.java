package ai.matrix.architect.gate;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * GATE settings, bound from {@code architect.gate.*}.
 *
 * @param approvalTimeout how long a job waits for its approvals before it is rejected
 * @param expiryCheckInterval how often waiting jobs are checked for expiry
 * @param guardian the external Guardian; off when its URL is empty
 */
@ConfigurationProperties("architect.gate")
public record GateProperties(
        @DefaultValue("72h") Duration approvalTimeout,
        @DefaultValue("1m") Duration expiryCheckInterval,
        @DefaultValue Guardian guardian) {

    /**
     * @param url Matrix Guardian's base URL, or OPA's full data API URL ({@code http://opa:8181/v1/data/matrix/gate});
     *     {@code MATRIX_GUARDIAN_URL}
     * @param format {@code auto} (OPA when the URL holds {@code /v1/data/}), {@code matrix} or {@code opa}
     * @param timeout how long to wait for an answer
     * @param failOpen when true, a Guardian that times out or fails does not block the job (default: it denies)
     * @param token optional bearer token sent to the Guardian
     */
    public record Guardian(
            @DefaultValue("") String url,
            @DefaultValue("auto") String format,
            @DefaultValue("5s") Duration timeout,
            @DefaultValue("false") boolean failOpen,
            @DefaultValue("") String token) {
        public boolean enabled() {
            return url != null && !url.isBlank();
        }

        public boolean opa() {
            return "opa".equals(format) || ("auto".equals(format) && url.contains("/v1/data/"));
        }
    }
}
