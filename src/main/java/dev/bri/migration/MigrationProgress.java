package dev.bri.migration;

/** What a migration tells the person running it; the CLI draws it as a progress bar on a terminal. */
public interface MigrationProgress {

    /** A step that is not a table copy (preparing the target, verifying), or a line worth printing. */
    void message(String text);

    /**
     * {@code done} of {@code total} rows of {@code table} are on the target (committed, so a resume keeps them), and
     * {@code bytes} of {@code totalBytes} of their values (text in characters, numbers as 8 bytes).
     */
    void rows(String table, long done, long total, long bytes, long totalBytes);

    /** Ends the current table's progress line. */
    default void tableDone(String table) {
    }

    MigrationProgress SILENT = new MigrationProgress() {
        @Override
        public void message(String text) {
        }

        @Override
        public void rows(String table, long done, long total, long bytes, long totalBytes) {
        }
    };
}
