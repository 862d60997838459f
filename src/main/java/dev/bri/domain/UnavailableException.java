package dev.bri.domain;

import java.time.Duration;

/**
 * The data a request needs cannot be read or written now (database unavailable, locked too long, I/O error): the
 * client may retry, it did nothing wrong. Answered with {@code 503 database-unavailable} and {@code Retry-After}.
 */
public class UnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.retryAfter = null;
    }

    public UnavailableException(String message) {
        this(message, (Duration) null);
    }

    /** With the time the client should wait before retrying, when the caller knows it. */
    public UnavailableException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** When the client may retry, or null for the default. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
