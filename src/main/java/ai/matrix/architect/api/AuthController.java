package ai.matrix.architect.api;

import ai.matrix.architect.job.InvalidRequestException;
import ai.matrix.architect.security.Role;
import ai.matrix.architect.security.TokenService;
import ai.matrix.architect.security.Users;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Token issue, users, and the unauthenticated health answer. */
@RestController
class AuthController {
    private final Users users;
    private final TokenService tokens;

    AuthController(Users users, TokenService tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    record Credentials(String username, String password) {}

    record TokenResponse(String accessToken, String tokenType, long expiresIn) {}

    @PostMapping("/api/auth/token")
    TokenResponse token(@RequestBody(required = false) Credentials body) {
        if (body == null || body.username() == null || body.password() == null) {
            throw new InvalidRequestException("username", "username and password are required");
        }
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
        Role role;
        try {
            role = Role.fromWire(body.role() == null ? "" : body.role());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("role", "must be one of viewer, operator, admin");
        }
        if (!users.create(body.username(), body.password(), role)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "A user named '" + body.username() + "' exists.");
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(users.list().stream()
                        .filter(u -> u.username().equals(body.username()))
                        .findFirst()
                        .orElseThrow());
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
