package dev.bri.backup;

/** Regular backups, and the safety backups a restore takes of the database it replaces. */
public enum BackupKind {
    BACKUP, SAFETY;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
