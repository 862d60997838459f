package dev.bri.domain;

import java.time.Duration;

/**
 * The service cannot do this now but may shortly (writes held by maintenance too long, a backup or restore that failed
 * on I/O, the erasure ledger unwritable); nothing was applied. Answered with {@code 503 service-unavailable} and, when
 * known, {@code Retry-After}.
 */
public class RetryLaterException extends RuntimeException {

    private final Duration retryAfter;

    public RetryLaterException(String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.retryAfter = retryAfter;
    }

    /** When the client may try again, or null when the service cannot tell. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
