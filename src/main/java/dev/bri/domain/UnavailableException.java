package dev.bri.domain;

/**
 * The data a request needs cannot be read or written now (database unavailable, locked too long, I/O error): the
 * client may retry, it did nothing wrong. Answered with {@code 503 database-unavailable} and {@code Retry-After}.
 */
public class UnavailableException extends RuntimeException {

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnavailableException(String message) {
        super(message);
    }
}
