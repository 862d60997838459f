package dev.bri.retention;

import dev.bri.api.Problem;
import dev.bri.api.RequestContext;
import dev.bri.domain.ConflictException;
import dev.bri.domain.InvalidInputException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Retention of user data for operators: what is due (dry run) and a run on demand. Admin scope (AuthFilter). */
@Path("/admin/retention")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Operator endpoints (bearer token)")
public class RetentionResource {

    private final RetentionService retention;

    public RetentionResource(RetentionService retention) {
        this.retention = retention;
    }

    @GET
    @Operation(summary = "Dry run: what the retention rules would erase now (changes nothing)")
    @APIResponse(responseCode = "200", description = "The report", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RetentionReport.class)))
    @APIResponse(responseCode = "400", description = "dry_run=false", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RetentionReport dryRun(@QueryParam("dry_run") Boolean dryRun) {
        if (Boolean.FALSE.equals(dryRun)) {
            throw new InvalidInputException("dry_run", "GET only reports; POST /admin/retention erases");
        }
        return retention.dryRun(Instant.now());
    }

    @POST
    @Operation(summary = "Apply the retention rules now (as the scheduled job does)")
    @APIResponse(responseCode = "200", description = "What was erased", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RetentionReport.class)))
    @APIResponse(responseCode = "409", description = "A run is in progress, or no retention rule is set", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RetentionReport run() {
        if (!retention.config().enabled()) {
            throw new ConflictException(
                    "no retention rule is set (bri.retention.videos, bri.retention.memory): nothing to apply");
        }
        String actor = RequestContext.userId() == null ? "anonymous" : RequestContext.userId();
        return retention.run(Instant.now(), "api", actor);
    }
}
