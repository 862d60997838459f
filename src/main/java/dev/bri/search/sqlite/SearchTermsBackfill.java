package dev.bri.search.sqlite;

import dev.bri.storage.Database;
import dev.bri.storage.SqliteOnly;
import dev.bri.storage.StorageException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Counts the search terms ({@link SearchTerms}) of videos stored before the table existed: the migration lists them
 * as {@code backfill} in {@code search_terms_incomplete}, and they are searched through FTS5 alone until counted. One
 * video per write, so ingest waits for one video's count at most; never while maintenance holds writes.
 */
@ApplicationScoped
public class SearchTermsBackfill {

    private static final Logger LOG = Logger.getLogger(SearchTermsBackfill.class);
    static final String OPERATION = "search_terms_backfill";

    private final Database database;
    /** Videos waiting, as last counted; -1 until the first look. */
    private final AtomicLong pending = new AtomicLong(-1);

    public SearchTermsBackfill(Database database, MeterRegistry registry) {
        this.database = database;
        Gauge.builder("bri.search.terms.backfill.pending.videos", pending, AtomicLong::get)
                .description("Videos whose search terms are not counted yet (-1: not yet looked); searched through "
                        + "FTS5 until they are")
                .register(registry);
    }

    @Scheduled(identity = "bri-search-terms-backfill", every = "{bri.context.search-index.backfill-interval}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = SqliteOnly.class)
    void scheduled() {
        if (!database.isOpen()) {
            return;
        }
        try {
            backfill();
        } catch (StorageException e) {
            // counted in bri_db_errors_total{operation}; the next run resumes with the videos still listed
            LOG.warnf("search.terms_backfill_failed reason=%s", e.getMessage());
        }
    }

    /** Counts every listed video, one per write, until none is left or writes are held; returns how many. */
    int backfill() {
        long started = System.nanoTime();
        int videos = 0;
        int nonAscii = 0;
        long seq;
        while (!database.writesHeld() && (seq = database.read(OPERATION, SearchTerms::nextToBackfill)) > 0) {
            long video = seq;
            if (!database.write(OPERATION, c -> SearchTerms.rebuild(c, video))) {
                nonAscii++;
            }
            videos++;
        }
        pending.set(database.read(OPERATION, SearchTerms::backfillPending));
        if (videos > 0) {
            LOG.infof("search.terms_backfilled videos=%d non_ascii=%d pending=%d duration_ms=%d", videos, nonAscii,
                    pending.get(), (System.nanoTime() - started) / 1_000_000);
        }
        return videos;
    }
}
