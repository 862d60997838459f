package dev.bri.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work that must be done to a restored database before anyone reads or writes it: for example re-applying erasures
 * recorded after the restored point, or starting a new WAL-archive chain from the restored state.
 *
 * <p>Hooks run inside {@link RestoreProcedure}'s swap, after the swapped-in file passed its checks (and, in the
 * service, its migrations), with no other connection open, reads and writes both waiting. A hook that throws rolls the
 * restore back: the safety backup is put back and each hook's {@link #afterRollback} runs on it. In the service every
 * CDI bean implementing this interface is used (by {@link #order()}); the offline CLI passes its own list to
 * {@link OfflineBackups}.
 */
public interface RestoreHook {

    /** What a hook gets: the database now in place, what it holds, and where it came from. */
    interface Restored {
        /** The live database file (now the restored one). */
        Path databaseFile();

        /** The state the database now holds (for {@link #afterRollback}: the safety backup's). */
        RestorePoint point();

        /** The safety backup of the database that was replaced (restoring it undoes the restore). */
        BackupMetadata safetyBackup();

        /** A new connection to the database (read-write); the hook closes it. */
        Connection connect() throws SQLException;
    }

    /** Hooks run in ascending order; ties in an unspecified order. */
    default int order() {
        return 0;
    }

    /** Short name for logs and the restore's steps. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Prepares the restored database; throwing rolls the restore back. */
    void afterRestore(Restored restored) throws Exception;

    /**
     * Runs after a rollback put the safety backup back (the database again holds what it held before the restore).
     * Failures are logged and reported, not retried.
     */
    default void afterRollback(Restored rolledBack) throws Exception {
    }
}
