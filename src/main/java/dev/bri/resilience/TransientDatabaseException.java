package dev.bri.resilience;

import dev.bri.storage.StorageException;

/** SQLITE_BUSY or SQLITE_LOCKED: another connection held a lock; worth retrying after a short pause. */
public class TransientDatabaseException extends StorageException {

    public TransientDatabaseException(StorageException cause) {
        super(cause.getMessage(), cause);
    }
}
