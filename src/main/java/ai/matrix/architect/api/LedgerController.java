package ai.matrix.architect.api;

import ai.matrix.architect.evidence.Ledger;
import ai.matrix.architect.evidence.LedgerBundle;
import ai.matrix.architect.job.Job;
import ai.matrix.architect.job.JobStore;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** A job's evidence bundle with its ledger: what {@code verify-job} checks offline. */
@RestController
class LedgerController {
    private final JobStore store;
    private final LedgerBundle bundle;
    private final Ledger ledger;

    LedgerController(JobStore store, LedgerBundle bundle, Ledger ledger) {
        this.store = store;
        this.bundle = bundle;
        this.ledger = ledger;
    }

    /** The chain's signed statements as JSON, for the job page's in-browser check. */
    @GetMapping("/api/jobs/{id}/ledger/statements")
    java.util.Map<String, Object> statements(@PathVariable String id) {
        store.get(id);
        return java.util.Map.of("items", ledger.statements(id));
    }

    @GetMapping("/api/jobs/{id}/ledger")
    ResponseEntity<StreamingResponseBody> ledger(@PathVariable String id) {
        Job job = store.get(id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(id + "-ledger.zip")
                                .build()
                                .toString())
                .body(out -> bundle.write(job, out));
    }
}
