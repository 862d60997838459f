package dev.bri.backup;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Which backup a restore by "latest" or "at" means; one rule for the service and the CLI. */
public final class BackupSelection {

    private BackupSelection() {
    }

    /**
     * The newest regular backup ({@code at} null) or the newest regular backup taken at or before {@code at}; safety
     * backups are only ever restored by id.
     */
    public static Optional<BackupMetadata> newestRegular(List<BackupMetadata> newestFirst, Instant at) {
        return newestFirst.stream().filter(b -> BackupKind.BACKUP.label().equals(b.kind()))
                .filter(b -> at == null || !b.created().isAfter(at)).findFirst();
    }
}
