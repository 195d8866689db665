package ai.matrix.architect.api;

import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.security.RateLimits;
import ai.matrix.architect.security.Role;
import ai.matrix.architect.security.TokenService;
import ai.matrix.architect.security.Users;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Token issue, users, and the unauthenticated health answer. */
@RestController
class AuthController {
    private final Users users;
    private final TokenService tokens;
    private final RateLimits limits;

    AuthController(Users users, TokenService tokens, RateLimits limits) {
        this.users = users;
        this.tokens = tokens;
        this.limits = limits;
    }

    record Credentials(String username, String password) {}

    record TokenResponse(String accessToken, String tokenType, long expiresIn) {}

    @PostMapping("/api/auth/token")
    TokenResponse token(@RequestBody(required = false) Credentials body, HttpServletRequest request) {
        if (body == null || body.username() == null || body.password() == null) {
            throw new InvalidRequestException("username", "username and password are required");
        }
        limits.check(RateLimits.Kind.LOGIN_ADDRESS, request.getRemoteAddr());
        limits.check(RateLimits.Kind.LOGIN_USER, body.username());
        Users.User user = users.authenticate(body.username(), body.password())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED, "Wrong username or password."));
        TokenService.Issued issued = tokens.issue(user);
        return new TokenResponse(issued.token(), "bearer", issued.expiresIn());
    }

    record NewUser(String username, String password, String role) {}

    @PostMapping("/api/users")
    ResponseEntity<Users.User> createUser(@RequestBody(required = false) NewUser body) {
        if (body == null) throw new InvalidRequestException("body", "username, password and role are required");
        if (body.username() == null || !body.username().matches("[A-Za-z0-9_.@-]{1,100}")) {
            throw new InvalidRequestException("username", "is required: 1-100 letters, digits, _ . @ -");
        }
        if (body.password() == null || body.password().length() < 8) {
            throw new InvalidRequestException("password", "must be at least 8 characters");
        }
        Role role = role(body.role());
        if (!users.create(body.username(), body.password(), role)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "A user named '" + body.username() + "' exists.");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(users.list().stream()
                        .filter(u -> u.username().equals(body.username()))
                        .findFirst()
                        .orElseThrow());
    }

    private static Role role(String wire) {
        try {
            return Role.fromWire(wire == null ? "" : wire);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("role", "must be one of viewer, operator, admin");
        }
    }

    record UserChange(String role, String password) {}

    @PatchMapping("/api/users/{username}")
    Users.User updateUser(
            @PathVariable String username, @RequestBody(required = false) UserChange body, Authentication who) {
        if (body == null || (body.role() == null && body.password() == null)) {
            throw new InvalidRequestException("body", "give a role, a password, or both");
        }
        Role role = body.role() == null ? null : role(body.role());
        if (body.password() != null && body.password().length() < 8) {
            throw new InvalidRequestException("password", "must be at least 8 characters");
        }
        if (username.equals(who.getName()) && role != null && role != Role.ADMIN) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT, "You cannot lower your own role; ask another admin.");
        }
        if (!users.update(username, role, body.password())) throw notFound(username);
        return users.find(username).orElseThrow(() -> notFound(username));
    }

    @DeleteMapping("/api/users/{username}")
    ResponseEntity<Void> deleteUser(@PathVariable String username, Authentication who) {
        if (username.equals(who.getName())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "You cannot delete your own account.");
        }
        if (!users.delete(username)) throw notFound(username);
        return ResponseEntity.noContent().build();
    }

    private static ResponseStatusException notFound(String username) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No user named '" + username + "'.");
    }

    @GetMapping("/api/users")
    Map<String, List<Users.User>> listUsers() {
        return Map.of("items", users.list());
    }

    @GetMapping("/api/health")
    Map<String, String> health() {
        return Map.of("status", "ok");
    }
}
