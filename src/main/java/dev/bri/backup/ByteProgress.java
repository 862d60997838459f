package dev.bri.backup;

/**
 * Told how far a long file operation of a backup, verification or restore has come, so the CLI can show progress.
 * Phases are short lower-case names ({@code copy}, {@code compress}, {@code checksum}, {@code decompress},
 * {@code integrity_check}); {@code total} is -1 when unknown (a phase without byte counts reports 0 of -1 once). Called
 * at most about once per mebibyte, possibly from a worker thread.
 */
@FunctionalInterface
public interface ByteProgress {

    void bytes(String phase, long done, long total);

    ByteProgress NONE = (phase, done, total) -> {
    };
}
