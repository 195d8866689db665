package ai.matrix.architect.net;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outgoing connections ({@code architect.network.*}, env {@code ARCHITECT_NETWORK_*}).
 *
 * @param allow host names or CIDR ranges that may be reached even if the defaults refuse them (comma-separated)
 * @param deny host names or CIDR ranges that are refused besides loopback, link-local and metadata addresses
 */
@ConfigurationProperties("architect.network")
public record NetworkProperties(
        @DefaultValue("") String allow, @DefaultValue("") String deny) {
    public AddressPolicy policy() {
        return AddressPolicy.of(allow, deny);
    }
}
