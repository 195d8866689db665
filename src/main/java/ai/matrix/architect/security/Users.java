package ai.matrix.architect.security;

import ai.matrix.architect.audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * People who can log in, with bcrypt-hashed passwords and one role each: the most they may do anywhere. What
 * they may do in a project is the lower of that and their role in the project (see {@link Projects}). A new
 * user joins the {@code default} project with their role. Every change is audited in its own transaction.
 */
@Service
public class Users {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final PasswordEncoder encoder;
    private final String dummyHash;
    private final TransactionTemplate tx;
    private final AuditLog audit;

    public Users(JdbcClient jdbc, PasswordEncoder encoder, TransactionTemplate tx, AuditLog audit, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.tx = tx;
        this.audit = audit;
        this.dummyHash = encoder.encode("no such user");
    }

    public record User(String username, Role role, Instant createdAt) {}

    private record Row(String username, String hash, Role role, Instant createdAt) {}

    public long count() {
        return jdbc.sql("select count(*) from users").query(Long.class).single();
    }

    /** Creates the user; false when the name is taken. */
    public boolean create(String username, String password, Role role) {
        String hash = encoder.encode(password);
        try {
            return Boolean.TRUE.equals(tx.execute(status -> {
                jdbc.sql("insert into users (username, password_hash, role, created_at) values (?, ?, ?, ?)")
                        .params(username, hash, role.wire(), clock.instant().atOffset(ZoneOffset.UTC))
                        .update();
                jdbc.sql("insert into project_members (project, username, role) values ('default', ?, ?)")
                        .params(username, role.wire())
                        .update();
                audit.append("user.create", "user:" + username, java.util.Map.of("role", role.wire()));
                return true;
            }));
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public Optional<User> find(String username) {
        return jdbc.sql("select username, password_hash, role, created_at from users where username = ?")
                .param(username)
                .query(this::map)
                .optional()
                .map(r -> new User(r.username(), r.role(), r.createdAt()));
    }

    /**
     * Changes the role and/or the password; false when there is no such user. Lowering the role also lowers the
     * user's project roles and API tokens above it.
     */
    public boolean update(String username, Role role, String password) {
        String hash = password == null ? null : encoder.encode(password);
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (find(username).isEmpty()) return false;
            java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
            if (role != null) {
                jdbc.sql("update users set role = ? where username = ?")
                        .params(role.wire(), username)
                        .update();
                for (Role higher : Role.values()) {
                    if (higher.compareTo(role) <= 0) continue;
                    jdbc.sql("update project_members set role = ? where username = ? and role = ?")
                            .params(role.wire(), username, higher.wire())
                            .update();
                    jdbc.sql("update api_tokens set role = ? where username = ? and role = ?")
                            .params(role.wire(), username, higher.wire())
                            .update();
                }
                details.put("role", role.wire());
            }
            if (hash != null) {
                jdbc.sql("update users set password_hash = ? where username = ?")
                        .params(hash, username)
                        .update();
                details.put("password", "changed");
            }
            audit.append("user.update", "user:" + username, details);
            return true;
        }));
    }

    /** Deletes the user, their project memberships and API tokens; their jobs and audit entries stay. */
    public boolean delete(String username) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            jdbc.sql("delete from project_members where username = ?")
                    .param(username)
                    .update();
            jdbc.sql("delete from api_tokens where username = ?")
                    .param(username)
                    .update();
            if (jdbc.sql("delete from users where username = ?").param(username).update() == 0) {
                status.setRollbackOnly();
                return false;
            }
            audit.append("user.delete", "user:" + username, java.util.Map.of());
            return true;
        }));
    }

    public List<User> list() {
        return jdbc
                .sql("select username, password_hash, role, created_at from users order by username")
                .query(this::map)
                .list()
                .stream()
                .map(r -> new User(r.username(), r.role(), r.createdAt()))
                .toList();
    }

    /** The user when the password matches; the same empty answer for an unknown user and a wrong password. */
    public Optional<User> authenticate(String username, String password) {
        Optional<Row> row = jdbc.sql("select username, password_hash, role, created_at from users where username = ?")
                .param(username)
                .query(this::map)
                .optional();
        if (row.isEmpty()) {
            // spend the same time as a real check, so that timing does not reveal which names exist
            encoder.matches(password, dummyHash);
            return Optional.empty();
        }
        Row r = row.get();
        return encoder.matches(password, r.hash())
                ? Optional.of(new User(r.username(), r.role(), r.createdAt()))
                : Optional.empty();
    }

    private Row map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(
                rs.getString("username"),
                rs.getString("password_hash"),
                Role.fromWire(rs.getString("role")),
                rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant());
    }
}
