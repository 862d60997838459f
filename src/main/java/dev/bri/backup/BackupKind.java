package dev.bri.backup;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Regular backups, and the safety backups a restore takes of the database it replaces. Written as {@code backup} /
 * {@code safety} in metadata files, the API and object metadata.
 */
public enum BackupKind {
    BACKUP, SAFETY;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BackupKind of(String label) {
        for (BackupKind kind : values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown backup kind '" + label + "'");
    }

    @Override
    public String toString() {
        return label();
    }
}
