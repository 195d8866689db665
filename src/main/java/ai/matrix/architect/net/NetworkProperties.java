package ai.matrix.architect.net;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outgoing connections ({@code architect.network.*}, env {@code ARCHITECT_NETWORK_*}).
 *
 * @param allow host names or CIDR ranges that may be reached even if the defaults refuse them (comma-separated)
 * @param deny host names or CIDR ranges that are refused besides loopback, link-local and metadata addresses
 * @param caFile a PEM file of the certificate authorities git trusts for https remotes instead of the system's
 *     (a self-hosted code host with a private CA); empty means the system's
 */
@ConfigurationProperties("architect.network")
public record NetworkProperties(
        @DefaultValue("") String allow,
        @DefaultValue("") String deny,
        @DefaultValue("") String caFile) {

    public AddressPolicy policy() {
        return AddressPolicy.of(allow, deny);
    }
}
