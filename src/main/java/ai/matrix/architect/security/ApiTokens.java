package ai.matrix.architect.security;

import ai.matrix.architect.audit.AuditLog;
import ai.matrix.architect.job.Ids;
import ai.matrix.architect.job.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * API tokens for machines: {@code mat_} and 256 random bits, shown once; only their SHA-256 is stored (a
 * high-entropy secret needs no slow hash). A token acts as its user with a role no higher than the user's,
 * expires, can be revoked, and records when it was last used.
 */
@Service
public class ApiTokens {
    public static final String PREFIX = "mat_";
    static final Duration DEFAULT_TTL = Duration.ofDays(30);
    static final Duration MAX_TTL = Duration.ofDays(366);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final Users users;

    ApiTokens(JdbcClient jdbc, TransactionTemplate tx, AuditLog audit, Users users, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.users = users;
    }

    public record Created(String id, String token, String name, String role, Instant expiresAt) {}

    public record Info(
            String id,
            String name,
            String username,
            String role,
            Instant createdAt,
            Instant expiresAt,
            Instant lastUsedAt,
            Instant revokedAt) {}

    public Created create(Authentication caller, String name, String roleName, Long expiresIn) {
        if (name == null || !name.matches("[A-Za-z0-9 _.:@-]{1,100}")) {
            throw new InvalidRequestException("name", "is required: 1-100 letters, digits, spaces, _ . : @ -");
        }
        Role callerRole = Callers.role(caller).orElseThrow();
        Role role;
        try {
            role = roleName == null ? callerRole : Role.fromWire(roleName);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("role", "must be one of viewer, operator, admin");
        }
        if (role.compareTo(callerRole) > 0) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN, "A token's role cannot exceed your own (" + callerRole.wire() + ").");
        }
        Duration ttl = expiresIn == null ? DEFAULT_TTL : Duration.ofSeconds(expiresIn);
        if (expiresIn != null && (expiresIn < 1 || ttl.compareTo(MAX_TTL) > 0)) {
            throw new InvalidRequestException(
                    "expires_in", "must be between 1 and " + MAX_TTL.toSeconds() + " seconds");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = Ids.next("tok", clock);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expires = now.plus(ttl);
        tx.executeWithoutResult(s -> {
            jdbc.sql("insert into api_tokens (id, name, username, role, token_hash, created_at, expires_at)"
                            + " values (?, ?, ?, ?, ?, ?, ?)")
                    .params(id, name, caller.getName(), role.wire(), sha256(token), ts(now), ts(expires))
                    .update();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("name", name);
            details.put("role", role.wire());
            details.put("expires_at", expires.toString());
            audit.append("token.create", id, details);
        });
        return new Created(id, token, name, role.wire(), expires);
    }

    /** The caller's own tokens; an admin sees every token. */
    public List<Info> list(Authentication caller) {
        String sql = "select * from api_tokens" + (Callers.isAdmin(caller) ? "" : " where username = :u")
                + " order by created_at desc";
        var spec = jdbc.sql(sql);
        if (!Callers.isAdmin(caller)) spec = spec.param("u", caller.getName());
        return spec.query((rs, n) -> new Info(
                        rs.getString("id"),
                        rs.getString("name"),
                        rs.getString("username"),
                        rs.getString("role"),
                        instant(rs.getObject("created_at", OffsetDateTime.class)),
                        instant(rs.getObject("expires_at", OffsetDateTime.class)),
                        instant(rs.getObject("last_used_at", OffsetDateTime.class)),
                        instant(rs.getObject("revoked_at", OffsetDateTime.class))))
                .list();
    }

    /** Revokes the token; false when it does not exist or belongs to someone else (unless the caller is admin). */
    public boolean revoke(Authentication caller, String id) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            String sql = "update api_tokens set revoked_at = ? where id = ? and revoked_at is null"
                    + (Callers.isAdmin(caller) ? "" : " and username = ?");
            var spec = jdbc.sql(sql).param(ts(clock.instant())).param(id);
            if (!Callers.isAdmin(caller)) spec = spec.param(caller.getName());
            if (spec.update() == 0) return false;
            audit.append("token.revoke", id, Map.of());
            return true;
        }));
    }

    /**
     * The authentication for a presented token: empty when it is unknown, revoked, expired, or its user is gone.
     * Its role is the lower of the token's and the user's current role.
     */
    public Optional<ApiTokenAuthentication> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) return Optional.empty();
        record Row(String id, String username, Role role, Instant expires, Instant revoked) {}
        Optional<Row> found = jdbc.sql(
                        "select id, username, role, expires_at, revoked_at from api_tokens" + " where token_hash = ?")
                .param(sha256(token))
                .query((rs, n) -> new Row(
                        rs.getString("id"),
                        rs.getString("username"),
                        Role.fromWire(rs.getString("role")),
                        instant(rs.getObject("expires_at", OffsetDateTime.class)),
                        instant(rs.getObject("revoked_at", OffsetDateTime.class))))
                .optional();
        if (found.isEmpty()) return Optional.empty();
        Row row = found.get();
        Instant now = clock.instant();
        if (row.revoked() != null || (row.expires() != null && !now.isBefore(row.expires()))) return Optional.empty();
        Optional<Users.User> user = users.find(row.username());
        if (user.isEmpty()) return Optional.empty();
        Role role = row.role().compareTo(user.get().role()) <= 0
                ? row.role()
                : user.get().role();
        jdbc.sql("update api_tokens set last_used_at = ? where id = ?")
                .params(ts(now), row.id())
                .update();
        return Optional.of(new ApiTokenAuthentication(row.username(), row.id(), role));
    }

    static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
