package dev.bri.storage;

/** The database could not do what was asked (unavailable, locked too long, I/O error): a 503, not a client error. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
