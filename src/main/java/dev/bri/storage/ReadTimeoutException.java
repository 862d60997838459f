package dev.bri.storage;

/** A read stopped at its deadline ({@link ReadDeadlines}): the database is too slow right now, a 503. */
public class ReadTimeoutException extends StorageException {

    public ReadTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
