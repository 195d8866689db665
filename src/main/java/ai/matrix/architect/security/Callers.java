package ai.matrix.architect.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** The role an authenticated caller holds: the highest {@code ROLE_*} authority of its authentication. */
public final class Callers {
    private Callers() {}

    public static Optional<Role> role(Authentication auth) {
        if (auth == null || !auth.isAuthenticated()) return Optional.empty();
        Role best = null;
        for (GrantedAuthority g : auth.getAuthorities()) {
            for (Role r : Role.values()) {
                if (r.authority().equals(g.getAuthority()) && (best == null || r.compareTo(best) > 0)) best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    public static boolean isAdmin(Authentication auth) {
        return role(auth).orElse(null) == Role.ADMIN;
    }

    /** The API token behind the call, if it was made with one. */
    public static Optional<String> tokenId(Authentication auth) {
        return auth instanceof ApiTokenAuthentication t ? Optional.of(t.tokenId()) : Optional.empty();
    }
}
