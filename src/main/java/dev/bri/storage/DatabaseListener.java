package dev.bri.storage;

/**
 * Told about what happens to the database file by {@link Database}: the archive package implements it to ship each
 * committed transaction from the WAL and to let go of the file while it is replaced.
 */
public interface DatabaseListener {

    /**
     * A write transaction has just committed. Called with the writer lock still held, so the WAL holds exactly the
     * transactions committed so far. Must not throw: the write is already durable and acknowledged next.
     */
    default void committed() {
    }

    /**
     * Every pooled connection is closed and the file is about to be replaced: close any connection held outside the
     * pool. Throwing stops the replacement.
     */
    default void beforeExclusive(String operation) {
    }

    /** The exclusive work is over (the file may have been replaced); reopen what {@link #beforeExclusive} closed. */
    default void afterExclusive(String operation) {
    }
}
