package dev.bri.search.sqlite;

import dev.bri.storage.Database;
import dev.bri.storage.SqliteOnly;
import dev.bri.storage.Statements;
import dev.bri.storage.StorageException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Merges the full-text index into one segment when the service is idle. Every ingest commit adds an FTS5 segment and
 * FTS5 merges them only in groups, so an index that took many batches keeps several, and each search looks every term
 * up in each of them. A merged index answers a search with fewer lookups (docs/BENCHMARKS.md,
 * {@code bench/bri1k/sqlite-search.py}).
 * It runs when no write has come for {@code bri.context.search-index.merge-idle}, or none since start, and never while
 * maintenance holds writes (it would take a place in their queue). Steps are
 * bounded and each holds the writer lock briefly; a write arriving between steps ends the run, and the next idle
 * moment resumes where it stopped.
 */
@ApplicationScoped
public class SearchIndexMerger {

    private static final Logger LOG = Logger.getLogger(SearchIndexMerger.class);
    static final String OPERATION = "search_index_merge";

    private final Database database;
    private final SearchIndexConfig config;
    /** Last counted; -1 until the first look. */
    private final AtomicInteger segments = new AtomicInteger(-1);

    public SearchIndexMerger(Database database, SearchIndexConfig config, MeterRegistry registry) {
        this.database = database;
        this.config = config;
        Gauge.builder("bri.search.index.segments", segments, AtomicInteger::get)
                .description("Segments of the full-text index as last counted (-1: not yet); merged when idle")
                .register(registry);
    }

    @Scheduled(identity = "bri-search-index-merge", every = "{bri.context.search-index.merge-interval}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = SqliteOnly.class)
    void scheduled() {
        if (!database.isOpen()) {
            return;
        }
        try {
            mergeWhenIdle();
        } catch (StorageException e) {
            // counted in bri_db_errors_total{operation}; the next idle moment tries again
            LOG.warnf("search.index_merge_failed reason=%s", e.getMessage());
        }
    }

    /**
     * Merges until the index is one segment or another write comes; returns the steps that merged something. Only
     * merge steps write, so an index that is already one segment costs one read.
     */
    int mergeWhenIdle() {
        if (database.writesHeld()
                || (database.writes() > 0 && database.sinceLastWrite().compareTo(config.mergeIdle()) < 0)) {
            return 0;
        }
        long started = System.nanoTime();
        int steps = 0;
        while (count() > 1) {
            long writes = database.writes();
            if (database.writesHeld()
                    || !database.write(OPERATION, c -> merge(c, config.mergePages()))) {
                break;
            }
            steps++;
            if (database.writes() != writes + 1) {
                LOG.infof("search.index_merge_paused steps=%d reason=write", steps);
                count();
                return steps;
            }
        }
        if (steps > 0) {
            LOG.infof("search.index_merged steps=%d pages_per_step=%d segments=%d duration_ms=%d", steps,
                    config.mergePages(), segments.get(), (System.nanoTime() - started) / 1_000_000);
        }
        return steps;
    }

    private int count() {
        int counted = database.read("search_index_segments", SearchIndexMerger::segments);
        segments.set(counted);
        return counted;
    }

    /** Segments of the full-text index: each search looks its terms up in every one. */
    static int segments(Connection c) throws SQLException {
        return (int) single(Statements.cached(c, "SELECT count(DISTINCT segid) FROM context_fts_idx"));
    }

    /**
     * One bounded step of merging the full-text index's segments (FTS5 'merge' with a negative page budget: segments
     * of any level are merged, down to one). Returns whether there was anything to merge: FTS5 documents that a step
     * that did work changes two or more rows.
     */
    static boolean merge(Connection c, int pages) throws SQLException {
        PreparedStatement changes = Statements.cached(c, "SELECT total_changes()");
        long before = single(changes);
        // Not kept in Statements: a cached merge statement stays busy on its connection after executeUpdate, and a
        // later statement cancel() there (Agroal cancels leaked statements) then interrupts the connection's next
        // transaction. Prepared and closed each time; it runs a few times a minute at most.
        try (PreparedStatement merge = c.prepareStatement(
                "INSERT INTO context_fts (context_fts, rank) VALUES ('merge', ?)")) {
            merge.setInt(1, -pages);
            merge.executeUpdate();
        }
        return single(changes) - before >= 2;
    }

    private static long single(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
