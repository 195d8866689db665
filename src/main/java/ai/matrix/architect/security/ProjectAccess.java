package ai.matrix.architect.security;

import ai.matrix.architect.config.ArchitectProperties;
import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.job.JobNotFoundException;
import ai.matrix.architect.job.JobRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The project half of authorization, in one component: a caller sees a job only when it is in one of the
 * caller's projects (admins see all), and acts on it only with a high enough role there. A job outside the
 * caller's projects answers 404 exactly like a job that does not exist, so its existence does not leak. As an
 * MVC interceptor it applies the job-scoped rows of {@link Permissions} before any controller runs.
 */
@Component
public class ProjectAccess implements HandlerInterceptor {
    private final JdbcClient jdbc;
    private final Projects projects;
    private final ArchitectProperties props;

    ProjectAccess(JdbcClient jdbc, Projects projects, ArchitectProperties props) {
        this.jdbc = jdbc;
        this.projects = projects;
        this.props = props;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Permissions.match(request.getMethod(), path)
                .ifPresent(rule -> rule.jobId(path).ifPresent(jobId -> checkJob(current(), jobId, rule.role())));
        return true;
    }

    private static Authentication current() {
        return SecurityContextHolder.getContext().getAuthentication();
    }

    /** The caller's role in the project: the lower of their own role and their role there; admins hold admin. */
    public Optional<Role> roleIn(Authentication auth, String project) {
        Optional<Role> own = Callers.role(auth);
        if (own.isEmpty()) return Optional.empty();
        if (own.get() == Role.ADMIN) return own;
        return projects.memberRole(project, auth.getName())
                .map(member -> member.compareTo(own.get()) < 0 ? member : own.get());
    }

    /** 404 when the job is not visible to the caller, 403 when their role in its project is below {@code needed}. */
    public void checkJob(Authentication auth, String jobId, Role needed) {
        Optional<String> project = projectOf(jobId);
        if (project.isEmpty()) return; // the controller answers 404 for a job that does not exist
        Role role = roleIn(auth, project.get()).orElseThrow(() -> new JobNotFoundException(jobId));
        if (role.compareTo(needed) < 0) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Your role does not allow this action.");
        }
    }

    public boolean canSee(Authentication auth, String jobId) {
        return projectOf(jobId).flatMap(p -> roleIn(auth, p)).isPresent();
    }

    private Optional<String> projectOf(String jobId) {
        return jdbc.sql("select project from jobs where id = ?")
                .param(jobId)
                .query(String.class)
                .optional();
    }

    /** The projects whose jobs the caller sees; null means all (admin). */
    public List<String> visibleProjects(Authentication auth) {
        if (Callers.isAdmin(auth)) return null;
        return projects.projectsOf(auth.getName());
    }

    /**
     * A new job may only be placed in a project where the caller is an operator: another project is refused as
     * if it did not exist (400), and a production deploy target needs admin there.
     */
    public void checkCreate(Authentication auth, JobRequest request) {
        if (request == null) return;
        String project = request.project() == null ? Projects.DEFAULT : request.project();
        Optional<Role> role = projects.exists(project) ? roleIn(auth, project) : Optional.empty();
        if (role.isEmpty()) {
            throw new InvalidRequestException("project", "no project named '" + project + "' that you may use exists");
        }
        if (role.get().compareTo(Role.OPERATOR) < 0) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Your role does not allow this action.");
        }
        if (request.deploy() != null && request.deploy().target() != null) {
            var target = props.deployTargets().get(request.deploy().target());
            if (target != null && "production".equalsIgnoreCase(target.environment()) && role.get() != Role.ADMIN) {
                throw new ResponseStatusException(
                        HttpStatus.FORBIDDEN, "Deploying to a production target needs the admin role.");
            }
        }
    }
}
