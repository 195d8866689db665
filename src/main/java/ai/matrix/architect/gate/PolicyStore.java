package ai.matrix.architect.gate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Policy versions in the database; the highest version of each name is the active one. */
@Repository
class PolicyStore {
    private final JdbcClient jdbc;

    PolicyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Version(String name, int version, String source, String author, Instant createdAt) {}

    List<Version> active() {
        return jdbc.sql("""
                        select p.* from policy_versions p
                        where p.version = (select max(q.version) from policy_versions q where q.name = p.name)
                        order by p.name""").query(this::map).list();
    }

    Optional<Version> latest(String name) {
        return jdbc.sql("select * from policy_versions where name = ? order by version desc limit 1")
                .param(name)
                .query(this::map)
                .optional();
    }

    Optional<Version> get(String name, int version) {
        return jdbc.sql("select * from policy_versions where name = ? and version = ?")
                .params(name, version)
                .query(this::map)
                .optional();
    }

    List<Version> versions(String name) {
        return jdbc.sql("select * from policy_versions where name = ? order by version desc")
                .param(name)
                .query(this::map)
                .list();
    }

    /** Adds the next version; a concurrent update of the same name fails on the primary key and is retried by the caller. */
    int add(String name, String source, String author, Instant at) {
        int next = jdbc.sql("select coalesce(max(version), 0) + 1 from policy_versions where name = ?")
                .param(name)
                .query(Integer.class)
                .single();
        jdbc.sql("insert into policy_versions (name, version, source, author, created_at) values (?, ?, ?, ?, ?)")
                .params(name, next, source, author, at.atOffset(ZoneOffset.UTC))
                .update();
        return next;
    }

    private Version map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Version(
                rs.getString("name"),
                rs.getInt("version"),
                rs.getString("source"),
                rs.getString("author"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
