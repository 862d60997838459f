package dev.bri.observability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Writes audit events to the {@code bri.audit} log category (its own file when file logging is on). */
@ApplicationScoped
public class AuditLog {

    private static final Logger AUDIT = Logger.getLogger("bri.audit");

    void record(@Observes AuditEvent event) {
        AUDIT.infof("audit action=%s target=%s outcome=%s actor=%s detail=%s", event.action(), event.target(),
                event.outcome(), event.actor(), event.detail());
    }
}
