package dev.bri.migration;

/**
 * A table's row count and checksum on one side: SHA-256 over every row in key order, each value encoded by type
 * (null, 64-bit integer, IEEE double bits, UTF-8 text with its length), so equal checksums mean equal values
 * whatever the engine stores them as.
 */
public record TableCheck(String table, long rows, String sha256) {
}
