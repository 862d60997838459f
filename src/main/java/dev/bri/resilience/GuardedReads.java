package dev.bri.resilience;

import dev.bri.domain.RefusedException;
import dev.bri.storage.Database;
import dev.bri.storage.SqlWork;
import dev.bri.storage.StorageException;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Database reads behind the {@code database} guard: a deadline, the {@code database} breaker (BRI: open after 5
 * failures, 30 s), a bulkhead and a retry with exponential backoff for SQLITE_BUSY/SQLITE_LOCKED only, every number
 * from {@link ResilienceConfig.Db}. The deadline is enforced inside SQLite ({@link dev.bri.storage.ReadDeadlines}), not
 * by a fault-tolerance timeout: a thread interrupt cannot stop a statement in the native library, so a timed-out read
 * would still hold its thread and connection until SQLite finished. Client errors ({@code RefusedException}: unknown
 * video, bad parameters) and bulkhead rejections (load, not a broken database) never count as breaker failures. The
 * fallback to cached data is {@link dev.bri.cache.ContextCache}'s.
 */
@ApplicationScoped
public class GuardedReads {

    /** The guard's {@code method} label in the {@code ft_*} metrics (dashboards and the runbook name it). */
    static final String DESCRIPTION = "dev.bri.resilience.GuardedReads.read";
    /** A read's retries give up after this long in all, whatever the backoff. */
    private static final Duration RETRY_BUDGET = Duration.ofSeconds(2);

    private final Database database;
    private final Duration timeout;
    private final Guard guard;

    public GuardedReads(Database database, ResilienceConfig config,
            @Identifier(DatabaseAvailability.BREAKER) Guard guard) {
        this.database = database;
        this.timeout = config.database().timeout();
        this.guard = guard;
    }

    /**
     * The {@code database} guard, built once before anything asks for its breaker's state
     * ({@link BreakerWatch}, {@link DatabaseAvailability}).
     */
    @Produces
    @Singleton
    @Startup(Interceptor.Priority.PLATFORM_BEFORE)
    @Identifier(DatabaseAvailability.BREAKER)
    static Guard guard(ResilienceConfig config) {
        ResilienceConfig.Db db = config.database();
        Duration retryDelay = db.retryDelay();
        return Guard.create()
                .withDescription(DESCRIPTION)
                .withCircuitBreaker()
                .name(DatabaseAvailability.BREAKER)
                .requestVolumeThreshold(db.breakerFailures())
                .failureRatio(1.0)
                .successThreshold(1)
                .delay(db.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                .skipOn(java.util.List.of(RefusedException.class, BulkheadException.class))
                .done()
                .withBulkhead()
                .limit(db.bulkhead())
                .done()
                .withRetry()
                .maxRetries(db.retries())
                .delay(retryDelay.toMillis(), ChronoUnit.MILLIS)
                .jitter(retryDelay.toMillis() / 2, ChronoUnit.MILLIS)
                .maxDuration(RETRY_BUDGET.toMillis(), ChronoUnit.MILLIS)
                .retryOn(TransientDatabaseException.class)
                .abortOn(RefusedException.class)
                .withExponentialBackoff()
                .factor(2)
                .maxDelay(db.retryMaxDelay().toMillis(), ChronoUnit.MILLIS)
                .done()
                .done()
                .build();
    }

    @SuppressWarnings("unchecked")
    public <T> T read(String operation, SqlWork<T> work) {
        return (T) guard.get(() -> {
            try {
                return database.read(operation, timeout, work);
            } catch (StorageException e) {
                throw isTransient(e) ? new TransientDatabaseException(e) : e;
            }
        }, Object.class);
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
