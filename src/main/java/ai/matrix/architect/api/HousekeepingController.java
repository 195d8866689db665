package ai.matrix.architect.api;

import ai.matrix.architect.housekeeping.Housekeeping;
import ai.matrix.architect.housekeeping.HousekeepingReport;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Runs a housekeeping sweep now, on the process that answers, and says what it freed (admins only). */
@RestController
class HousekeepingController {
    private final Housekeeping housekeeping;

    HousekeepingController(Housekeeping housekeeping) {
        this.housekeeping = housekeeping;
    }

    @PostMapping("/api/housekeeping")
    HousekeepingReport sweep() {
        return housekeeping.sweepNow();
    }
}
