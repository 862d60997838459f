package dev.bri.resilience;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns every state change of the named breakers into a {@link DegradationEvent} (open, half-open, closed). */
@ApplicationScoped
public class BreakerWatch {

    /** Breakers reported in /admin/health; each maps to the component it protects. */
    public static final Map<String, String> BREAKERS = Map.of("database", "database", "redis", "cache-l2");

    private final CircuitBreakerMaintenance breakers;
    private final Event<DegradationEvent> degradation;

    public BreakerWatch(CircuitBreakerMaintenance breakers, Event<DegradationEvent> degradation) {
        this.breakers = breakers;
        this.degradation = degradation;
    }

    void start(@Observes StartupEvent ignored) {
        BREAKERS.forEach((name, component) -> breakers.onStateChange(name, state -> degradation.fire(
                new DegradationEvent(component, "breaker-" + state.name().toLowerCase().replace('_', '-'),
                        "circuit breaker '" + name + "' is now " + state))));
    }

    public Map<String, String> states() {
        Map<String, String> states = new LinkedHashMap<>();
        for (String name : List.copyOf(new java.util.TreeSet<>(BREAKERS.keySet()))) {
            states.put(name, breakers.currentState(name).name().toLowerCase());
        }
        return states;
    }

    public CircuitBreakerState state(String name) {
        return breakers.currentState(name);
    }
}
