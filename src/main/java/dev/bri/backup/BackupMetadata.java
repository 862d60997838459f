package dev.bri.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
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
 * @param backupBytes  size of {@code file}'s content (before local encryption)
 * @param sha256       hex SHA-256 of {@code file}'s content (before local encryption: the gzip or database bytes)
 * @param rowCounts    rows per table at the instant the backup represents
 * @param encryption   null: {@code file} is stored as is; otherwise it holds the content age-encrypted (see
 *                     {@link LocalEncryption}) and {@link Encrypted} describes the bytes on the volume
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BackupMetadata(String id, BackupKind kind, String createdAt, String trigger, String appVersion,
        String schemaVersion, String sqliteVersion, long pageSize, String file, Compression compression,
        long databaseBytes, long backupBytes, String sha256, Map<String, Long> rowCounts, double durationSeconds,
        Verification verification, @JsonInclude(JsonInclude.Include.NON_NULL) Encrypted encryption) {

    /**
     * How an encrypted backup file is stored: the format ({@link LocalEncryption#FORMAT}) and the SHA-256 and size of
     * the ciphertext, which verification checks without the identity (a modified file is found without decrypting).
     */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Encrypted(String format, String sha256, long bytes) {
    }

    /** The common case: a backup stored as is. */
    public BackupMetadata(String id, BackupKind kind, String createdAt, String trigger, String appVersion,
            String schemaVersion, String sqliteVersion, long pageSize, String file, Compression compression,
            long databaseBytes, long backupBytes, String sha256, Map<String, Long> rowCounts, double durationSeconds,
            Verification verification) {
        this(id, kind, createdAt, trigger, appVersion, schemaVersion, sqliteVersion, pageSize, file, compression,
                databaseBytes, backupBytes, sha256, rowCounts, durationSeconds, verification, null);
    }

    public boolean encrypted() {
        return encryption != null;
    }

    /** The same backup stored in plaintext (a decrypted copy, for example one downloaded from the bucket). */
    public BackupMetadata decrypted() {
        return new BackupMetadata(id, kind, createdAt, trigger, appVersion, schemaVersion, sqliteVersion, pageSize,
                file, compression, databaseBytes, backupBytes, sha256, rowCounts, durationSeconds, verification, null);
    }

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
                compression, databaseBytes, backupBytes, sha256, rowCounts, durationSeconds, v, encryption);
    }
}
