package dev.bri.cli;

/** Exit codes of the CLI (documented in docs/BACKUP_RESTORE_GUIDE.md). */
final class Exit {
    static final int OK = 0;
    /** The operation ran and failed (verification failed, restore rolled back, HTTP error, ...). */
    static final int FAILED = 1;
    /** Bad usage (picocli's own code for parameter errors). */
    static final int USAGE = 2;
    /** Another backup/restore is running, or the database is open in another process. */
    static final int BUSY = 3;

    private Exit() {
    }
}
