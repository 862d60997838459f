package dev.bri.backup;

/**
 * Told what a restore is doing, as it does it: the service keeps the steps for its report and log, the CLI prints
 * them (and may draw progress bars from {@link #bytes}). Called on the restoring thread; keep it quick.
 */
public interface RestoreProgress {

    /** The steps of {@link RestoreProcedure}, in the order they run (rollback only after a failure). */
    enum Step {
        STAGE, HOLD_WRITES, SAFETY_BACKUP, SWAP, CHECK, AFTER_RESTORE, ROLLBACK, DONE
    }

    /** A step finished (or, for ROLLBACK, started); {@code detail} is one line for people. */
    void step(Step step, String detail);

    /** Bytes of a long copy done so far, of {@code total} (-1 when unknown). */
    default void bytes(Step step, long done, long total) {
    }

    RestoreProgress NONE = (step, detail) -> {
    };
}
