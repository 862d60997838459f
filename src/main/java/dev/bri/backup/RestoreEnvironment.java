package dev.bri.backup;

import java.nio.file.Path;

/**
 * What a restore needs from the process it runs in. The service closes the maintenance gate, drains the connection
 * pool, migrates and flushes caches; the offline CLI has the database to itself and does none of that.
 */
public interface RestoreEnvironment {

    /** Work done while no connection to the database is open. */
    @FunctionalInterface
    interface ClosedWork {
        void run() throws Exception;
    }

    /** Ends a {@link #holdWrites} hold: the held writes are applied. */
    interface WriteHold extends AutoCloseable {
        @Override
        void close();
    }

    /** The live database file. */
    Path databaseFile();

    /**
     * Closes the write gate and returns once every write already past it has finished: from then on nothing commits
     * until the returned handle is closed (held writes are then applied to whatever database is in place).
     */
    WriteHold holdWrites(String reason) throws Exception;

    /** Takes the safety backup of the live database (writes are held). */
    BackupMetadata safetyBackup() throws Exception;

    /** Runs {@code work} with every connection to the database closed, reads and writes waiting. */
    void withDatabaseClosed(String operation, ClosedWork work) throws Exception;

    /** Right after a swap, before the hooks: bring the schema up to date (the service; the CLI leaves it to start-up). */
    default void migrate(Path databaseFile) throws Exception {
    }

    /** The whole database was replaced (restore or rollback): drop everything derived from the old one (caches). */
    default void replaced(String reason) {
    }

    /** Records the result of checking the staged source (metadata, metrics, audit); returns it. */
    default Verification recorded(RestorePoint point, Verification verification) {
        return verification;
    }
}
