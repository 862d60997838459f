package dev.bri.backup;

/** A restore that did not complete, and in what state it left the database. */
public final class RestoreFailure extends Exception {

    public enum Outcome {
        /** The source failed its checks (or could not be staged): nothing was changed. */
        REFUSED,
        /** Failed before the swap (writes could not be held, safety backup failed): nothing was changed. */
        NOT_STARTED,
        /** Failed after the swap; the safety backup was put back and the service holds the pre-restore data. */
        ROLLED_BACK,
        /** Failed after the swap and the rollback failed too: restore {@link #safetyBackup()} by hand. */
        ROLLBACK_FAILED
    }

    private final Outcome outcome;
    private final transient BackupMetadata safetyBackup;
    private final transient Verification verification;

    RestoreFailure(Outcome outcome, String message, BackupMetadata safetyBackup, Verification verification,
            Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
        this.safetyBackup = safetyBackup;
        this.verification = verification;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Null before the safety backup was taken. */
    public BackupMetadata safetyBackup() {
        return safetyBackup;
    }

    /** The source's check, null if it never ran. */
    public Verification verification() {
        return verification;
    }
}
