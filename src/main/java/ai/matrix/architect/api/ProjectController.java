package ai.matrix.architect.api;

import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.security.Callers;
import ai.matrix.architect.security.ProjectAccess;
import ai.matrix.architect.security.Projects;
import ai.matrix.architect.security.Role;
import ai.matrix.architect.security.Users;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Projects and their members; a caller lists the projects they belong to (an admin, all). */
@RestController
class ProjectController {
    private final Projects projects;
    private final ProjectAccess access;
    private final Users users;

    ProjectController(Projects projects, ProjectAccess access, Users users) {
        this.projects = projects;
        this.access = access;
        this.users = users;
    }

    @GetMapping("/api/projects")
    Map<String, List<Projects.Project>> list(Authentication who) {
        List<Projects.Project> items = projects.list(access.visibleProjects(who));
        if (!Callers.isAdmin(who)) {
            // members of a project see their own role there, not who else belongs to it
            items = items.stream()
                    .map(p -> new Projects.Project(
                            p.name(),
                            p.createdBy(),
                            p.createdAt(),
                            p.members().stream()
                                    .filter(m -> m.username().equals(who.getName()))
                                    .toList()))
                    .toList();
        }
        return Map.of("items", items);
    }

    record NewProject(String name) {}

    @PostMapping("/api/projects")
    ResponseEntity<Projects.Project> create(@RequestBody(required = false) NewProject body, Authentication who) {
        String name = body == null ? null : body.name();
        if (!projects.create(name, who.getName())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "A project named '" + name + "' exists.");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(projects.list(List.of(name)).getFirst());
    }

    record Membership(String role) {}

    @PutMapping("/api/projects/{name}/members/{username}")
    Projects.Project putMember(
            @PathVariable String name, @PathVariable String username, @RequestBody(required = false) Membership body) {
        Users.User user = check(name, username);
        Role role;
        try {
            role = Role.fromWire(body == null || body.role() == null ? "" : body.role());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("role", "must be one of viewer, operator, admin");
        }
        if (role.compareTo(user.role()) > 0) {
            throw new InvalidRequestException(
                    "role",
                    "cannot exceed the user's own role (" + user.role().wire()
                            + "); raise that first with PATCH /api/users/" + username);
        }
        projects.putMember(name, username, role);
        return projects.list(List.of(name)).getFirst();
    }

    @DeleteMapping("/api/projects/{name}/members/{username}")
    ResponseEntity<Void> removeMember(@PathVariable String name, @PathVariable String username) {
        check(name, username);
        if (!projects.removeMember(name, username)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, username + " is not a member of " + name + ".");
        }
        return ResponseEntity.noContent().build();
    }

    private Users.User check(String project, String username) {
        if (!projects.exists(project)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No project named '" + project + "'.");
        }
        return users.find(username)
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No user named '" + username + "'."));
    }
}
