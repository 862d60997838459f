package dev.bri.backup;

import java.time.Instant;

/**
 * What a restore puts back: the state of the database as of {@code time}.
 *
 * @param id          names the source in logs, audit records and reports (a backup id, or e.g. a point-in-time
 *                    rebuild's own id); must be a valid {@link BackupId}-like token, no path characters
 * @param time        the instant the restored state corresponds to (a backup's creation time, a recovery target)
 * @param description one line for people, e.g. "backup backup-2026... taken 2026-11-29T02:00:00Z"
 */
public record RestorePoint(String id, Instant time, String description) {

    public static RestorePoint of(BackupMetadata backup) {
        return new RestorePoint(backup.id(), backup.created(),
                backup.kind() + " " + backup.id() + " taken " + backup.createdAt());
    }
}
