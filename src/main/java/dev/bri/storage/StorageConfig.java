package dev.bri.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "bri")
public interface StorageConfig {

    /** Directory holding the SQLite database {@code bri.db} and its WAL. */
    @WithDefault("./data")
    Path dataDir();

    Storage storage();

    interface Storage {
        /**
         * The storage engine: {@code sqlite} (embedded in {@code bri.data-dir}, the default) or {@code postgresql}
         * (the named datasource {@code quarkus.datasource."postgresql"}, whose connection comes from
         * {@code QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL}, {@code _USERNAME} and {@code _PASSWORD}).
         */
        @WithDefault("sqlite")
        Engine engine();

        /** SQLite synchronous mode: FULL survives power loss, NORMAL may lose the last commits (never corrupts). */
        @WithDefault("FULL")
        String synchronous();

        /** How long a connection waits on a lock before SQLITE_BUSY. */
        @WithDefault("5000")
        int busyTimeoutMs();

        /** Connections in the pool: readers run in parallel, writes are serialized by the application. */
        @WithDefault("16")
        int poolSize();

        /**
         * Threads that run the context reads (window, moment, search, objects); default: the CPUs the JVM sees, at
         * least 2. More threads than cores only add context switches to CPU-bound reads; raise it when the database
         * is much larger than memory and reads wait on the disk. Writes run on Quarkus' worker pool.
         */
        Optional<Integer> readThreads();

        /** How long a write waits for the single writer before it is refused with 503. */
        @WithDefault("10s")
        Duration writeWait();

        /**
         * SQLite page cache per connection, KiB. The default 2 MiB of SQLite makes large ingest batches spill to the
         * WAL early; see docs/PERFORMANCE_TUNING_GUIDE.md.
         */
        @WithDefault("32768")
        int cacheSizeKib();

        /** Bytes of the database file read through mmap (shared by all connections via the OS page cache). */
        @WithDefault("2147418112")
        long mmapSizeBytes();

        /**
         * How long the readiness read and the write probe of {@code GET /admin/health} may take, lock waits included;
         * below the readiness probe's timeout (3 s in the chart).
         */
        @WithDefault("1s")
        Duration probeTimeout();

        /**
         * Take an exclusive lock on the data directory at start-up and refuse to start when another process holds it.
         * Off only where several processes deliberately share one database on one host (a test of cross-instance
         * cache invalidation); never with restores, which replace the file under the other process.
         */
        @WithDefault("true")
        boolean exclusiveDataDir();

        /** Readiness fails when the data volume has less free space than this fraction (0-1). */
        @WithDefault("0.02")
        double minFreeRatio();

        /** Health reports a warning below this free-space fraction (BRI's operations threshold: 20%). */
        @WithDefault("0.20")
        double warnFreeRatio();
    }

    default Path databaseFile() {
        return dataDir().resolve("bri.db");
    }
}
