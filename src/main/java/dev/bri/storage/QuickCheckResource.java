package dev.bri.storage;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
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

/** The live database's quick_check for operators and the ops page. Admin scope (AuthFilter). */
@Path("/admin/storage/quick-check")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Operator endpoints (bearer token)")
public class QuickCheckResource {

    /** The schedule and the last check, kept across restarts ({@code last} null: none ran yet). */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Status(boolean scheduled, String cron, QuickCheck.Result last) {
    }

    private final QuickCheck check;

    public QuickCheckResource(QuickCheck check) {
        this.check = check;
    }

    @GET
    @Operation(summary = "The quick_check's schedule and its last result")
    public Status status() {
        return new Status(check.scheduled(), check.config().cron(), check.last());
    }

    @POST
    @Operation(summary = "Run PRAGMA quick_check on the live database now (200 with result ok, failed, incomplete, or "
            + "skipped on PostgreSQL)")
    @APIResponse(responseCode = "200", description = "The check's result", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = QuickCheck.Result.class)))
    @APIResponse(responseCode = "409", description = "A check is running", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public QuickCheck.Result run() {
        return check.run("api");
    }
}
