package dev.bri.archive;

import dev.bri.backup.BackupStore;
import dev.bri.backup.OfflineBackups;
import dev.bri.backup.RestoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Disaster recovery from the archive without a service: plan a restore to a time, rebuild it into a new file, or into
 * a data directory that has no database (a lost volume). Used by {@code backup restore --at}.
 */
public final class OfflinePointInTime {

    private final PointInTime pitr;
    private final Path dbFile;

    public OfflinePointInTime(Path dataDir, Path backupDir) {
        this.pitr = new PointInTime(new ArchiveStore(backupDir), new BackupStore(backupDir));
        this.dbFile = dataDir.resolve("bri.db").toAbsolutePath();
    }

    public Path databaseFile() {
        return dbFile;
    }

    /** {@code target} null: the newest archived state. */
    public PointInTime.Plan plan(Instant target)
            throws IOException, PointInTime.NotCoveredException, PointInTime.GapException {
        return pitr.plan(target);
    }

    /** The planned state as a source for the shared restore procedure (over an existing database). */
    public dev.bri.backup.RestoreSource source(PointInTime.Plan plan) {
        return pitr.source(plan);
    }

    public PointInTime.Rebuilt toFile(PointInTime.Plan plan, Path file) throws IOException, SQLException,
            PointInTime.GapException {
        return pitr.rebuild(plan, file);
    }

    /**
     * Rebuilds into the data directory. Only when it holds no database: with one there, the restore must keep a
     * safety backup of it, so it goes through {@code OfflineBackups#restore(RestoreSource, ...)} with {@link #source}.
     */
    public PointInTime.Rebuilt intoDataDir(PointInTime.Plan plan) throws IOException, SQLException,
            PointInTime.GapException, OfflineBackups.InUseException {
        if (Files.exists(dbFile)) {
            if (RestoreFiles.openByAnotherProcess(dbFile)) {
                throw new OfflineBackups.InUseException(dbFile);
            }
            throw new IOException(dbFile + " exists: restore to a time over an existing database through the "
                    + "service (--url), or rebuild into a new file with --to-file");
        }
        Files.deleteIfExists(dbFile.resolveSibling("bri.db-wal"));
        Files.deleteIfExists(dbFile.resolveSibling("bri.db-shm"));
        return pitr.rebuild(plan, dbFile);
    }
}
