package ai.matrix.architect.security;

import ai.matrix.architect.config.ArchitectProperties;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;

/** Issues access tokens: HS256 JWTs with issuer, audience, issue and expiry times, subject and role. */
@Service
public class TokenService {
    private final JwtEncoder encoder;
    private final ArchitectProperties props;

    TokenService(JwtEncoder encoder, ArchitectProperties props) {
        this.encoder = encoder;
        this.props = props;
    }

    public record Issued(String token, long expiresIn) {}

    public Issued issue(Users.User user) {
        // on the system clock, like the decoder that checks these times, whatever clock the rest of the app reads
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(props.jwt().issuer())
                .audience(List.of(props.jwt().audience()))
                .subject(user.username())
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(now.plus(props.jwt().ttl()))
                .id(java.util.UUID.randomUUID().toString())
                .claim("role", user.role().wire())
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(
                        JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new Issued(token, props.jwt().ttl().toSeconds());
    }
}
