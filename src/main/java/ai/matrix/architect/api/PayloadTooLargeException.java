package ai.matrix.architect.api;

import java.io.IOException;

/** A request body went over the configured limit; answered with 413. */
class PayloadTooLargeException extends IOException {
    PayloadTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes.");
    }
}
