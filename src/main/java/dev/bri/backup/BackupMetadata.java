package dev.bri.backup;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Map;

/**
 * The sidecar {@code <id>.json} written after the backup file: its presence is what makes a backup exist.
 *
 * @param file         name of the backup file in the backup directory
 * @param compression  how {@code file} is stored
 * @param databaseBytes size of the database as restored (uncompressed, WAL folded in)
 * @param backupBytes  size of {@code file}
 * @param sha256       hex SHA-256 of {@code file} as stored
 * @param rowCounts    rows per table at the instant the backup represents
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BackupMetadata(String id, BackupKind kind, String createdAt, String trigger, String appVersion,
        String schemaVersion, String sqliteVersion, long pageSize, String file, Compression compression,
        long databaseBytes, long backupBytes, String sha256, Map<String, Long> rowCounts, double durationSeconds,
        Verification verification) {

    public BackupId backupId() {
        return new BackupId(id);
    }

    public Instant created() {
        return Instant.parse(createdAt);
    }

    /** A regular backup (not a restore's safety backup): the only kind retention keeps by age and "latest" means. */
    public boolean regular() {
        return kind == BackupKind.BACKUP;
    }

    public boolean verified() {
        return verification != null && verification.passed();
    }

    public BackupMetadata withVerification(Verification v) {
        return new BackupMetadata(id, kind, createdAt, trigger, appVersion, schemaVersion, sqliteVersion, pageSize,
                file,
                compression, databaseBytes, backupBytes, sha256, rowCounts, durationSeconds, v);
    }
}
