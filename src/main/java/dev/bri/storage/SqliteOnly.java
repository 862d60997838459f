package dev.bri.storage;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/**
 * Skips scheduled work that only SQLite needs (backups of the database file, WAL archiving and checkpoints, FTS5
 * index upkeep, offsite copies of the backup directory) when the engine is PostgreSQL, whose own tooling does that:
 * {@code @Scheduled(..., skipExecutionIf = SqliteOnly.class)}.
 */
@Singleton
public class SqliteOnly implements Scheduled.SkipPredicate {

    private final StorageEngine engine;

    public SqliteOnly(StorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !engine.isSqlite();
    }
}
