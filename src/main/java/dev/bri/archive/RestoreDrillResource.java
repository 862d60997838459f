package dev.bri.archive;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.bri.api.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The restore drill for operators and the ops page: its last result and a drill on demand. Admin scope (AuthFilter);
 * on PostgreSQL refused like every backup endpoint ({@code SqliteBackupsOnly}).
 */
@Path("/admin/backups/drill")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Operator endpoints (bearer token)")
public class RestoreDrillResource {

    /** The schedule and the last drill, kept across restarts ({@code last} null: none ran yet). */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DrillStatus(boolean scheduled, String cron, RestoreDrill.Result last) {
    }

    private final RestoreDrillService drills;
    private final DrillConfig config;

    public RestoreDrillResource(RestoreDrillService drills, DrillConfig config) {
        this.drills = drills;
        this.config = config;
    }

    @GET
    @Operation(summary = "The restore drill's schedule and its last result")
    public DrillStatus status() {
        return new DrillStatus(drills.scheduled(), config.cron(), drills.last());
    }

    @POST
    @Operation(summary = "Run a restore drill now: rebuild the newest archived state in scratch space, integrity_check, "
            + "compare row counts with the live database (200 with result passed, failed or skipped)")
    @APIResponse(responseCode = "200", description = "The drill's result", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RestoreDrill.Result.class)))
    @APIResponse(responseCode = "409", description = "A drill is running", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestoreDrill.Result run() {
        return drills.run("api");
    }
}
