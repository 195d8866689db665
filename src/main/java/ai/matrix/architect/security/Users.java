package ai.matrix.architect.security;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** People who can log in, with bcrypt-hashed passwords and one role each. */
@Service
public class Users {
    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final String dummyHash;

    public Users(JdbcClient jdbc, PasswordEncoder encoder) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.dummyHash = encoder.encode("no such user");
    }

    public record User(String username, Role role, Instant createdAt) {}

    private record Row(String username, String hash, Role role, Instant createdAt) {}

    public long count() {
        return jdbc.sql("select count(*) from users").query(Long.class).single();
    }

    /** Creates the user; false when the name is taken. */
    public boolean create(String username, String password, Role role) {
        try {
            jdbc.sql("insert into users (username, password_hash, role, created_at) values (?, ?, ?, ?)")
                    .params(
                            username,
                            encoder.encode(password),
                            role.wire(),
                            Instant.now().atOffset(ZoneOffset.UTC))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
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
