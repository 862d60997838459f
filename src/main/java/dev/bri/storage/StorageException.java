package dev.bri.storage;

import dev.bri.domain.UnavailableException;

/** The database could not do what was asked (unavailable, locked too long, I/O error): a 503, not a client error. */
public class StorageException extends UnavailableException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
