package dev.bri.migration;

/** A migration that cannot start or did not verify; the message says why and what to do, for the terminal. */
public class MigrationException extends RuntimeException {

    /** Why: the CLI maps each to an exit code. */
    public enum Reason {
        /** The target holds data that did not come from this source (or another migration's). */
        TARGET_NOT_EMPTY,
        /** The two schemas are at different versions. */
        SCHEMA_MISMATCH,
        /** A database could not be opened or a statement failed. */
        FAILED,
        /** The copy finished but row counts or checksums differ. */
        VERIFICATION_FAILED,
        /** A service holds the SQLite file. */
        BUSY
    }

    private final Reason reason;

    public MigrationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public MigrationException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
