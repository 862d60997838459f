package dev.bri.resilience;

import dev.bri.domain.RefusedException;
import dev.bri.storage.Database;
import dev.bri.storage.SqlWork;
import dev.bri.storage.StorageException;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Database reads behind the {@code database} breaker (BRI: open after 5 failures, 30 s), a deadline, a bulkhead and
 * a retry with exponential backoff for SQLITE_BUSY/SQLITE_LOCKED only. The deadline
 * ({@code bri.resilience.database.timeout-ms}) is enforced inside SQLite ({@link dev.bri.storage.ReadDeadlines}), not
 * by {@code @Timeout}: a thread interrupt cannot stop a statement in the native library, so a timed-out read would
 * still hold its thread and connection until SQLite finished. Client errors ({@code RefusedException}: unknown video,
 * bad parameters) and bulkhead rejections (load, not a broken database) never count as breaker failures. The
 * fallback to cached data is {@link dev.bri.cache.ContextCache}'s.
 */
@ApplicationScoped
public class GuardedReads {

    private final Database database;
    private final Duration timeout;

    public GuardedReads(Database database, ResilienceConfig config) {
        this.database = database;
        this.timeout = Duration.ofMillis(config.database().timeoutMs());
    }

    @CircuitBreaker(requestVolumeThreshold = 5, failureRatio = 1.0, delay = 30000, successThreshold = 1, skipOn = {
            RefusedException.class, BulkheadException.class})
    @CircuitBreakerName("database")
    @Bulkhead(64)
    @Retry(maxRetries = 3, delay = 20, jitter = 10, maxDuration = 2000, retryOn = TransientDatabaseException.class, abortOn = RefusedException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 500)
    public <T> T read(String operation, SqlWork<T> work) {
        try {
            return database.read(operation, timeout, work);
        } catch (StorageException e) {
            throw isTransient(e) ? new TransientDatabaseException(e) : e;
        }
    }

    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s) {
                SQLiteErrorCode code = s.getResultCode();
                int primary = code == null ? -1 : code.code & 0xff;
                return primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code;
            }
        }
        return false;
    }
}
