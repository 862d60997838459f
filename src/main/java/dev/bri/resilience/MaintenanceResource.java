package dev.bri.resilience;

import dev.bri.domain.InvalidInputException;
import dev.bri.observability.AuditEvent;
import jakarta.enterprise.event.Event;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/admin/maintenance")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Operator endpoints (bearer token)")
public class MaintenanceResource {

    private final MaintenanceMode maintenance;
    private final Event<AuditEvent> audit;

    public MaintenanceResource(MaintenanceMode maintenance, Event<AuditEvent> audit) {
        this.maintenance = maintenance;
        this.audit = audit;
    }

    public record Switch(@NotNull Boolean enabled, @Size(max = 500) String reason) {
    }

    @GET
    @Operation(summary = "Whether maintenance mode is on, and how many writes it holds")
    public MaintenanceQueue.State state() {
        return maintenance.state();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Turn maintenance mode on (writes held, reads served) or off (held writes applied in order)")
    public MaintenanceQueue.State change(@Valid @NotNull Switch request) {
        if (request.enabled()) {
            String reason = request.reason() == null || request.reason().isBlank() ? "operator" : request.reason();
            if (reason.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidInputException("reason", "must not contain control characters");
            }
            boolean changed = maintenance.enable(reason);
            audit.fire(AuditEvent.success("maintenance.on", null, changed ? reason : "already on"));
        } else {
            boolean changed = maintenance.disable();
            audit.fire(AuditEvent.success("maintenance.off", null, changed ? "held writes released" : "already off"));
        }
        return maintenance.state();
    }
}
