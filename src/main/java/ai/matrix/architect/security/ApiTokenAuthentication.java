package ai.matrix.architect.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A caller authenticated with an API token: it acts as the token's user (its name is the user's), with the
 * token's role. Its details are {@code token:<id>}, which the audit log records with the actor.
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {
    private final String username;
    private final String tokenId;

    ApiTokenAuthentication(String username, String tokenId, Role role) {
        super(List.of(new SimpleGrantedAuthority(role.authority())));
        this.username = username;
        this.tokenId = tokenId;
        setDetails("token:" + tokenId);
        setAuthenticated(true);
    }

    public String tokenId() {
        return tokenId;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return username;
    }

    @Override
    public String getName() {
        return username;
    }
}
