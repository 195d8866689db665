package ai.matrix.architect.security;

import ai.matrix.architect.audit.AuditLog;
import ai.matrix.architect.job.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Projects and who holds which role in each. The project {@code default} always exists. */
@Service
public class Projects {
    public static final String DEFAULT = "default";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final AuditLog audit;

    public Projects(JdbcClient jdbc, TransactionTemplate tx, AuditLog audit, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
    }

    public record Member(String username, String role) {}

    public record Project(String name, String createdBy, Instant createdAt, List<Member> members) {}

    public boolean exists(String name) {
        return jdbc.sql("select count(*) from projects where name = ?")
                        .param(name)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** The user's role in the project as granted (before the ceiling of their own role), if they are a member. */
    public Optional<Role> memberRole(String project, String username) {
        return jdbc.sql("select role from project_members where project = ? and username = ?")
                .params(project, username)
                .query(String.class)
                .optional()
                .map(Role::fromWire);
    }

    public List<String> projectsOf(String username) {
        return jdbc.sql("select project from project_members where username = ? order by project")
                .param(username)
                .query(String.class)
                .list();
    }

    /** All projects (null filter) or those named. */
    public List<Project> list(List<String> only) {
        List<Project> all = jdbc.sql("select * from projects order by name")
                .query((rs, n) -> new Project(
                        rs.getString("name"),
                        rs.getString("created_by"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        List.of()))
                .list();
        return all.stream()
                .filter(p -> only == null || only.contains(p.name()))
                .map(p -> new Project(p.name(), p.createdBy(), p.createdAt(), members(p.name())))
                .toList();
    }

    private List<Member> members(String project) {
        return jdbc.sql("select username, role from project_members where project = ? order by username")
                .param(project)
                .query((rs, n) -> new Member(rs.getString("username"), rs.getString("role")))
                .list();
    }

    /** Creates the project; false when the name is taken. */
    public boolean create(String name, String actor) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRequestException("name", "is required: 1-100 lower-case letters, digits, _ . -");
        }
        try {
            return Boolean.TRUE.equals(tx.execute(s -> {
                jdbc.sql("insert into projects (name, created_by, created_at) values (?, ?, ?)")
                        .params(name, actor, clock.instant().atOffset(ZoneOffset.UTC))
                        .update();
                audit.append("project.create", "project:" + name, Map.of());
                return true;
            }));
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Grants (or changes) the user's role in the project. The caller checked that both exist. */
    public void putMember(String project, String username, Role role) {
        tx.executeWithoutResult(s -> {
            int updated = jdbc.sql("update project_members set role = ? where project = ? and username = ?")
                    .params(role.wire(), project, username)
                    .update();
            if (updated == 0) {
                jdbc.sql("insert into project_members (project, username, role) values (?, ?, ?)")
                        .params(project, username, role.wire())
                        .update();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("username", username);
            details.put("role", role.wire());
            audit.append("project.member.put", "project:" + project, details);
        });
    }

    public boolean removeMember(String project, String username) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            int n = jdbc.sql("delete from project_members where project = ? and username = ?")
                    .params(project, username)
                    .update();
            if (n == 0) return false;
            audit.append("project.member.delete", "project:" + project, Map.of("username", username));
            return true;
        }));
    }
}
