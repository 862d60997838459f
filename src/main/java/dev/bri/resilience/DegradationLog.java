package dev.bri.resilience;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Every {@link DegradationEvent}: counted as {@code bri_degradation_events_total{component,event}}, kept in a bounded
 * ring for {@code GET /admin/health} and logged on {@code bri.degradation} with {@code component}/{@code event} as JSON
 * fields. Repeats of one (component, event) within {@code bri.resilience.event-log-interval} are only counted, so a
 * flood of stale serves cannot flood the log.
 */
@ApplicationScoped
public class DegradationLog {

    private static final Logger LOG = Logger.getLogger("bri.degradation");

    /** One recorded event; {@code suppressed} counts repeats folded into it. */
    public record Entry(String at, String component, String event, String detail, long suppressed) {
    }

    private final MeterRegistry registry;
    private final int capacity;
    private final long intervalMillis;
    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final Map<String, Long> suppressed = new ConcurrentHashMap<>();

    public DegradationLog(MeterRegistry registry, ResilienceConfig config) {
        this.registry = registry;
        this.capacity = config.recentEvents();
        this.intervalMillis = config.eventLogInterval().toMillis();
    }

    void record(@Observes DegradationEvent event) {
        Counter.builder("bri.degradation.events").description("Degradation events by component and kind")
                .tag("component", event.component()).tag("event", event.event()).register(registry).increment();
        String kind = event.component() + "/" + event.event();
        long now = System.currentTimeMillis();
        Long last = lastLogged.get(kind);
        if (last != null && now - last < intervalMillis) {
            suppressed.merge(kind, 1L, Long::sum);
            return;
        }
        lastLogged.put(kind, now);
        Long folded = suppressed.remove(kind);
        Entry entry = new Entry(Instant.ofEpochMilli(now).toString(), event.component(), event.event(),
                event.detail(), folded == null ? 0 : folded);
        synchronized (recent) {
            if (recent.size() == capacity) {
                recent.removeFirst();
            }
            recent.addLast(entry);
        }
        MDC.put("component", event.component());
        MDC.put("event", event.event());
        try {
            LOG.warnf("degradation component=%s event=%s detail=%s suppressed_repeats=%d", event.component(),
                    event.event(), event.detail(), entry.suppressed());
        } finally {
            MDC.remove("component");
            MDC.remove("event");
        }
    }

    /** Newest first. */
    public List<Entry> recent(int limit) {
        synchronized (recent) {
            List<Entry> out = new ArrayList<>(Math.min(limit, recent.size()));
            var it = recent.descendingIterator();
            while (it.hasNext() && out.size() < limit) {
                out.add(it.next());
            }
            return out;
        }
    }
}
