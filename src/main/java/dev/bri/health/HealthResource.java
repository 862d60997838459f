package dev.bri.health;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The system health report for operators (admin token required, see dev.bri.security.AuthFilter). Always 200: it is data. */
@Path("/admin/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class HealthResource {

    private final HealthReporter reporter;

    public HealthResource(HealthReporter reporter) {
        this.reporter = reporter;
    }

    @GET
    @Operation(summary = "Overall and per-component health, breaker states, cache hit rates and recent degradation")
    public HealthReporter.SystemHealth health(
            @QueryParam("events") @DefaultValue("50") @Min(0) @Max(1000) int events) {
        return reporter.report(events);
    }
}
