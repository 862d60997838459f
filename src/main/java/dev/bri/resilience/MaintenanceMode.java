package dev.bri.resilience;

import dev.bri.storage.DatabaseProbe;
import dev.bri.storage.WriteGate;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Maintenance mode: reads are served, writes are held (see {@link MaintenanceQueue}) and applied in order when it
 * ends. Switched by {@code POST /admin/maintenance} and by restores.
 */
@ApplicationScoped
public class MaintenanceMode implements WriteGate {

    private static final Logger LOG = Logger.getLogger(MaintenanceMode.class);
    /** The write probe writes only its own bookkeeping row: holding it would report a busy writer all maintenance. */
    private static final Set<String> UNGATED = Set.of(DatabaseProbe.WRITE_OPERATION);

    private final MaintenanceQueue queue;

    public MaintenanceMode(MaintenanceConfig config, Event<DegradationEvent> events, MeterRegistry registry) {
        this.queue = new MaintenanceQueue(config.queueCapacity(), config.maxWait(), config.retryAfter(),
                (event, detail) -> {
                    LOG.infof("maintenance.%s detail=%s", event, detail);
                    events.fire(new DegradationEvent("maintenance", event, detail));
                });
        Gauge.builder("bri.maintenance.active", queue, q -> q.active() ? 1 : 0)
                .description("1 while maintenance mode holds writes")
                .register(registry);
        Gauge.builder("bri.maintenance.queue.depth", queue, MaintenanceQueue::depth)
                .description("Writes held by maintenance mode")
                .register(registry);
    }

    @Override
    public void beforeWrite(String operation) {
        if (!UNGATED.contains(operation)) {
            queue.beforeWrite(operation);
        }
    }

    @Override
    public void afterWrite(String operation) {
        queue.afterWrite(operation);
    }

    @Override
    public boolean holding() {
        return queue.active();
    }

    /** Returns false when maintenance was already on (then the caller must leave it on when done). */
    public boolean enable(String reason) {
        return queue.enable(reason);
    }

    /**
     * Closes the write gate for an operation and returns once the writes already past it have finished; writes stay
     * held until the returned hold is closed (and any operator maintenance is off). See {@link MaintenanceQueue#hold}.
     */
    public MaintenanceQueue.Hold hold(String reason) {
        return queue.hold(reason);
    }

    public boolean disable() {
        return queue.disable();
    }

    public MaintenanceQueue.State state() {
        return queue.state();
    }

    MaintenanceQueue queue() {
        return queue;
    }
}
