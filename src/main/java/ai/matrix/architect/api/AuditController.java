package ai.matrix.architect.api;

import ai.matrix.architect.audit.AuditLog;
import ai.matrix.architect.job.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log (admins): entries newest first with filters, and verification of the hash chain. */
@RestController
class AuditController {
    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/api/audit")
    AuditLog.Page list(
            @RequestParam(required = false) String target,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) String cursor) {
        if (limit < 1 || limit > 1000) throw new InvalidRequestException("limit", "must be between 1 and 1000");
        QueryText.check(target, "target");
        QueryText.check(actor, "actor");
        QueryText.check(action, "action");
        Long before = null;
        if (cursor != null) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("cursor", "is not a cursor this server gave out");
            }
        }
        return audit.list(target, actor, action, before, limit);
    }

    @GetMapping("/api/audit/verify")
    Map<String, Object> verify() {
        AuditLog.Verification v = audit.verify();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", v.ok());
        body.put("entries", v.entries());
        if (v.ok()) {
            body.put("head", v.head());
        } else {
            body.put("first_bad_seq", v.firstBadSeq());
            body.put("reason", v.reason());
        }
        return body;
    }
}
