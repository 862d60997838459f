package dev.bri.admin;

import dev.bri.observability.AuditEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test bean: keeps every audit event fired in the shared Quarkus instance. */
@Singleton
public class AuditRecorder {

    private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    void record(@Observes AuditEvent event) {
        events.add(event);
    }

    public List<AuditEvent> events() {
        return List.copyOf(events);
    }
}
