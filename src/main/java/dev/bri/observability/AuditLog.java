package dev.bri.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Writes audit events to the {@code bri.audit} log category (its own file when file logging is on), one JSON record
 * each with the fields audit_action, audit_target, audit_outcome, audit_actor, audit_client, audit_detail, and counts
 * them as {@code bri_audit_events_total{outcome}}.
 */
@ApplicationScoped
public class AuditLog {

    static final String CATEGORY = "bri.audit";
    /** Routing-context key set once a request has its audit record. */
    static final String RECORDED = "bri.audit.recorded";

    private static final Logger AUDIT = Logger.getLogger(CATEGORY);

    private final MeterRegistry registry;

    public AuditLog(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(@Observes AuditEvent event) {
        RoutingContext request = CurrentRequest.routingContext();
        String client = event.client() != null ? event.client() : CurrentRequest.clientAddress(request);
        String actor = event.actor();
        if (request != null) {
            request.put(RECORDED, Boolean.TRUE);
        }
        java.util.Map<String, Object> fields = StructuredLog.fields(
                "audit_action", event.action(),
                "audit_target", event.target(),
                "audit_outcome", event.outcome(),
                "audit_actor", actor,
                "audit_client", client,
                "audit_detail", event.detail());
        if (event.requestId() != null) {
            fields.put("request_id", event.requestId());
        }
        StructuredLog.info(AUDIT, fields, "audit " + event.action() + " " + event.outcome());
        Counter.builder("bri.audit.events").description("Audit records written, by outcome")
                .tag("outcome", event.outcome() == null ? "unknown" : event.outcome())
                .register(registry).increment();
    }

    static boolean alreadyRecorded(RoutingContext request) {
        return request != null && request.get(RECORDED) != null;
    }
}
