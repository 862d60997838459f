package dev.bri.offsite;

import dev.bri.backup.BackupId;
import dev.bri.backup.BackupLock;
import dev.bri.backup.BackupMetadata;
import dev.bri.backup.OfflineBackups;
import dev.bri.backup.RestoreFailure;
import dev.bri.backup.RestoreFiles;
import dev.bri.backup.RestoreProgress;
import dev.bri.backup.Verification;
import dev.bri.encryption.AgeIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Disaster recovery from the bucket alone ({@code backup restore --from-s3}): the chosen backup is downloaded,
 * decrypted and checked into the local backup directory, then restored by the normal offline path. With an empty
 * data volume there is nothing to protect, so the backup is staged, verified and moved into place without a safety
 * backup. The identity is read and checked against the first object before anything local is written.
 */
public final class RemoteRestore {

    /** What was restored; {@code safetyId} is null when the data directory held no database. */
    public record Outcome(BackupMetadata restored, String safetyId, Verification verification) {
    }

    private final RemoteBackups remote;
    private final OfflineBackups local;

    public RemoteRestore(RemoteBackups remote, OfflineBackups local) {
        this.remote = remote;
        this.local = local;
    }

    /** The backup to restore: {@code id}, or the newest at or before {@code at}, or the newest (both null). */
    public RemoteBackups.RemoteBackup choose(BackupId id, Instant at) throws IOException {
        if (id != null) {
            return remote.list().stream().filter(b -> b.id().equals(id.value())).findFirst()
                    .filter(RemoteBackups.RemoteBackup::complete)
                    .orElseThrow(() -> new IOException("backup " + id + " is not (completely) in the bucket"));
        }
        return remote.select(at).orElseThrow(() -> new IOException(at == null
                ? "no complete backup in the bucket"
                : "no complete backup in the bucket taken at or before " + at));
    }

    public Outcome restore(RemoteBackups.RemoteBackup chosen, AgeIdentity identity)
            throws IOException, SQLException, OfflineBackups.InUseException, RestoreFailure {
        Path db = local.databaseFile();
        if (Files.exists(db) && RestoreFiles.openByAnotherProcess(db)) {
            throw new OfflineBackups.InUseException(db);
        }
        BackupMetadata meta = remote.fetch(chosen.backupId(), local.store(), identity);
        if (Files.exists(db)) {
            OfflineBackups.RestoreOutcome outcome = local.restore(meta, RestoreProgress.NONE);
            return new Outcome(meta, outcome.safety().id(), outcome.verification());
        }
        Files.createDirectories(db.getParent());
        try (BackupLock lock = BackupLock.acquire(local.store(), "restore-" + meta.id())) {
            Path staged = RestoreFiles.stage(local.store(), meta, db.resolveSibling(".restore-" + meta.id() + ".db"),
                    RestoreProgress.NONE);
            try {
                Verification v = RestoreFiles.verifyStaged(meta, staged);
                local.store().write(meta.withVerification(v));
                if (!v.passed()) {
                    throw new IOException("backup " + meta.id() + " failed verification, nothing was restored: "
                            + v.detail());
                }
                RestoreFiles.swap(staged, db);
                String integrity = RestoreFiles.integrity(db);
                if (!"ok".equals(integrity)) {
                    throw new IOException("quick_check after restore: " + integrity);
                }
                return new Outcome(meta, null, v);
            } finally {
                Files.deleteIfExists(staged);
            }
        }
    }
}
