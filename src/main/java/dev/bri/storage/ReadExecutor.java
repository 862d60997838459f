package dev.bri.storage;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * A small Vert.x worker pool for the context reads served over HTTP, one thread per CPU by default. Sixteen
 * concurrent requests on Quarkus' large worker pool meant sixteen runnable threads on two cores, sharing them in
 * slices; on a pool this size requests queue and each runs to the end, which on BRI-1K cut the p99 of
 * {@code /context} and {@code /search} by a third (docs/PERFORMANCE_TUNING_GUIDE.md). Tasks run on the caller's
 * Vert.x context, so the request's MDC (request_id, video_id) follows them.
 */
@ApplicationScoped
public class ReadExecutor {

    private static final Logger LOG = Logger.getLogger(ReadExecutor.class);

    private final WorkerExecutor executor;
    private final int threads;

    public ReadExecutor(Vertx vertx, StorageConfig config) {
        this.threads = config.storage().readThreads()
                .orElse(Math.max(2, Runtime.getRuntime().availableProcessors()));
        if (threads < 1) {
            throw new IllegalArgumentException("bri.storage.read-threads must be at least 1, was " + threads);
        }
        this.executor = vertx.createSharedWorkerExecutor("bri-read", threads);
    }

    /** Runs {@code work} on a read thread, unordered; completes on the caller's Vert.x context. */
    public <T> CompletionStage<T> submit(Callable<T> work) {
        return executor.executeBlocking(work, false).toCompletionStage();
    }

    void onStop(@Observes ShutdownEvent event) {
        LOG.debugf("closing %d read threads", threads);
        executor.close();
    }
}
