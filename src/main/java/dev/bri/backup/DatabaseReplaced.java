package dev.bri.backup;

/**
 * Fired (synchronously) right after a restore replaced the database file, before held writes are applied: every
 * cache of database content must be flushed, since no per-video change events describe the swap.
 */
public record DatabaseReplaced(String backupId) {
}
