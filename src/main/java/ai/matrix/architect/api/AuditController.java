package ai.matrix.architect.api;

import ai.matrix.architect.audit.AuditLog;
import ai.matrix.architect.evidence.AuditHeads;
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
    private final AuditHeads heads;

    AuditController(AuditLog audit, AuditHeads heads) {
        this.audit = audit;
        this.heads = heads;
    }

    /** The signed heads of the log, newest first (issue 21; docs/evidence.md, "Signed audit heads"). */
    @GetMapping("/api/audit/heads")
    Map<String, Object> heads(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) throw new InvalidRequestException("limit", "must be between 1 and 1000");
        return Map.of("items", heads.list(limit));
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
        AuditHeads.Check signed = heads.verify();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", v.ok() && signed.ok());
        body.put("entries", v.entries());
        if (v.ok()) {
            body.put("head", v.head());
        } else {
            body.put("first_bad_seq", v.firstBadSeq());
            body.put("reason", v.reason());
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("ok", signed.ok());
        s.put("checked", signed.heads());
        if (!signed.ok()) {
            s.put("bad_sequence", signed.badSequence());
            s.put("reason", signed.reason());
        }
        body.put("signed_heads", s);
        return body;
    }
}
