package dev.bri.backup;

import dev.bri.io.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Where the database a restore puts in place comes from. {@link RestoreProcedure} asks for it before it closes the
 * write gate, so building it (decompressing a backup, replaying archived WAL) never holds writes.
 */
public interface RestoreSource {

    /** What is restored, and the time the restored state corresponds to. */
    RestorePoint point();

    /**
     * Writes the database to restore at {@code target} (next to the live database, so the swap is an atomic rename;
     * it does not exist yet) and checks it. Returns the check's result: a failed one refuses the restore and nothing
     * changes. Throws when the database cannot be produced at all (also a refusal).
     */
    Verification stageInto(Path target, RestoreProgress progress) throws IOException;

    /** The backup: decompressed while its stored bytes are hashed, then integrity_check and row counts. */
    static RestoreSource backup(BackupStore store, BackupMetadata backup) {
        return new RestoreSource() {
            @Override
            public RestorePoint point() {
                return RestorePoint.of(backup);
            }

            @Override
            public Verification stageInto(Path target, RestoreProgress progress) throws IOException {
                RestoreFiles.stage(store, backup, target, progress);
                return RestoreFiles.verifyStaged(backup, target);
            }
        };
    }

    /**
     * A database file some other component already built (for example a point-in-time rebuild from archived WAL
     * segments), restoring the state at {@code point}. It is moved into place (copied when on another file system)
     * and must pass {@code PRAGMA integrity_check}. The file is consumed: moved, or deleted after the copy.
     */
    static RestoreSource builtFile(Path built, RestorePoint point) {
        return new RestoreSource() {
            @Override
            public RestorePoint point() {
                return point;
            }

            @Override
            public Verification stageInto(Path target, RestoreProgress progress) throws IOException {
                try {
                    Files.move(built, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException sameFileSystemOnly) {
                    Files.copy(built, target);
                    Files.delete(built);
                }
                DurableFiles.fsync(target);
                String integrity;
                try (var c = SqliteFiles.open(target, true)) {
                    integrity = SqliteFiles.integrityCheck(c);
                } catch (java.sql.SQLException e) {
                    integrity = "cannot open: " + e.getMessage();
                }
                return new Verification(point.id(), "ok".equals(integrity) ? Verification.PASSED : Verification.FAILED,
                        Instant.now().toString(),
                        "ok".equals(integrity) ? "integrity_check ok" : "integrity_check: " + integrity);
            }
        };
    }
}
