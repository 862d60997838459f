package dev.bri.backup;

import dev.bri.domain.NotFoundException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which backup a restore means: one rule for the service ({@code POST /admin/restore}) and the offline CLI. A restore
 * names a backup by id, asks for the newest, or for the newest taken at or before a time; "newest" only ever means a
 * regular backup (safety backups are restored by id).
 */
public final class BackupSelection {

    private BackupSelection() {
    }

    /**
     * The backup {@code id} names, else the newest regular backup taken at or before {@code at}, else (both null) the
     * newest regular backup.
     *
     * @throws NotFoundException when there is no such backup
     */
    public static BackupMetadata choose(BackupStore store, BackupId id, Instant at) {
        if (id != null) {
            Optional<BackupMetadata> named;
            try {
                named = store.read(id);
            } catch (UncheckedIOException e) {
                named = Optional.empty();
            }
            return named.orElseThrow(() -> new NotFoundException("backup " + id));
        }
        return newestRegular(store.list(), at).orElseThrow(() -> new NotFoundException(
                at == null ? "any backup" : "backup taken at or before " + at));
    }

    /**
     * The newest regular backup ({@code at} null) or the newest regular backup taken at or before {@code at}.
     */
    public static Optional<BackupMetadata> newestRegular(List<BackupMetadata> newestFirst, Instant at) {
        return newestFirst.stream().filter(BackupMetadata::regular)
                .filter(b -> at == null || !b.created().isAfter(at)).findFirst();
    }
}
