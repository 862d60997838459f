package dev.bri.health;

import dev.bri.resilience.BreakerWatch;
import dev.bri.resilience.DegradationLog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Builds the system health report from every {@link ComponentHealth} bean; the overall status is the worst
 * component's. Also keeps {@code bri_health_state} (0 healthy, 1 degraded, 2 unhealthy) current.
 */
@ApplicationScoped
@RegisterForReflection(targets = {HealthReporter.SystemHealth.class, ComponentHealth.Report.class,
        DegradationLog.Entry.class})
public class HealthReporter {

    private static final Logger LOG = Logger.getLogger(HealthReporter.class);

    /** The report served by GET /admin/health. */
    public record SystemHealth(String status, String checkedAt, List<ComponentHealth.Report> components,
            Map<String, String> breakers, Map<String, Double> cacheHitRates, List<DegradationLog.Entry> recentEvents) {
    }

    private final Instance<ComponentHealth> components;
    private final BreakerWatch breakers;
    private final Instance<HitRates> hitRates;
    private final DegradationLog events;
    private final AtomicInteger state = new AtomicInteger();

    public HealthReporter(@Any Instance<ComponentHealth> components, BreakerWatch breakers,
            @Any Instance<HitRates> hitRates,
            DegradationLog events, MeterRegistry registry) {
        this.components = components;
        this.breakers = breakers;
        this.hitRates = hitRates;
        this.events = events;
        Gauge.builder("bri.health.state", state, AtomicInteger::get)
                .description("Overall health: 0 healthy, 1 degraded, 2 unhealthy").register(registry);
    }

    public SystemHealth report(int recentEvents) {
        List<ComponentHealth.Report> reports = new ArrayList<>();
        for (ComponentHealth component : components) {
            try {
                reports.add(component.report());
            } catch (RuntimeException e) {
                LOG.warnf("health report of %s failed: %s", component.getClass().getName(), e.getMessage());
                reports.add(new ComponentHealth.Report(component.getClass().getSimpleName(),
                        ComponentHealth.Status.UNHEALTHY, "health report failed: " + e.getMessage(), Map.of()));
            }
        }
        reports.sort(Comparator.comparing(ComponentHealth.Report::component));
        ComponentHealth.Status overall = reports.stream().map(ComponentHealth.Report::status)
                .max(Comparator.naturalOrder()).orElse(ComponentHealth.Status.HEALTHY);
        state.set(overall.ordinal());
        Map<String, Double> rates = new LinkedHashMap<>();
        hitRates.forEach(source -> rates.putAll(source.hitRates()));
        return new SystemHealth(overall.name().toLowerCase(), Instant.now().toString(), reports, breakers.states(),
                rates, events.recent(recentEvents));
    }

    @Scheduled(every = "${bri.resilience.health-interval:15s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        report(0);
    }
}
