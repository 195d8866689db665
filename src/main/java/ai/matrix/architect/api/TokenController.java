package ai.matrix.architect.api;

import ai.matrix.architect.security.ApiTokens;
import ai.matrix.architect.security.RateLimits;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** API tokens: issue (shown once), list (never the token itself), revoke. */
@RestController
class TokenController {
    private final ApiTokens tokens;
    private final RateLimits limits;

    TokenController(ApiTokens tokens, RateLimits limits) {
        this.tokens = tokens;
        this.limits = limits;
    }

    record NewToken(String name, String role, Long expiresIn) {}

    @PostMapping("/api/tokens")
    ResponseEntity<ApiTokens.Created> create(@RequestBody(required = false) NewToken body, Authentication who) {
        limits.check(RateLimits.Kind.TOKEN_ISSUE, who.getName());
        if (body == null) throw new ai.matrix.architect.job.InvalidRequestException("name", "is required");
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Cache-Control", "no-store")
                .body(tokens.create(who, body.name(), body.role(), body.expiresIn()));
    }

    @GetMapping("/api/tokens")
    Map<String, List<ApiTokens.Info>> list(Authentication who) {
        return Map.of("items", tokens.list(who));
    }

    @DeleteMapping("/api/tokens/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id, Authentication who) {
        if (!tokens.revoke(who, id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No active token " + id + " of yours.");
        }
        return ResponseEntity.noContent().build();
    }
}
