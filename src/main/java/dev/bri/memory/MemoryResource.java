package dev.bri.memory;

import dev.bri.api.Problem;
import dev.bri.domain.InvalidInputException;
import dev.bri.domain.NotFoundException;
import dev.bri.video.VideoIds;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/api/v1/videos/{videoId}/memory")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "memory", description = "The agent's conversation memory per video")
public class MemoryResource {

    private static final Logger LOG = Logger.getLogger(MemoryResource.class);

    private final MemoryService memory;
    private final MemoryConfig config;

    public MemoryResource(MemoryService memory, MemoryConfig config) {
        this.memory = memory;
        this.config = config;
    }

    /** The turns stored by one request, in the order sent. */
    public record Turns(List<MemoryTurn> turns) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Append one turn, or several turns atomically in order", description = "Send {role, content} for one turn (answered with the stored turn) or {turns: [...]} for "
            + "several, such as a question and its answer, stored in one transaction: all or none (answered "
            + "with {turns: [...]} in the order sent).")
    @APIResponse(responseCode = "201", description = "Stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {
            MemoryTurn.class, Turns.class})))
    @APIResponse(responseCode = "400", description = "Invalid turn; nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such video", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response append(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId,
            @NotNull MemoryAppend body) {
        List<TurnRequest> turns = body.turns(config.maxBatchTurns(), config.maxContentChars());
        List<MemoryTurn> stored = memory.append(videoId, turns);
        LOG.infof("memory.appended turns=%d roles=%s chars=%d", stored.size(),
                turns.stream().map(TurnRequest::role).toList(),
                turns.stream().mapToInt(t -> t.content().length()).sum());
        Object entity = body.turns() == null ? stored.get(0) : new Turns(stored);
        return Response.status(Response.Status.CREATED).entity(entity).build();
    }

    @GET
    @Operation(summary = "A page of turns: the newest by default, older ones with before=, newer ones with after=", description = "Without a cursor: the last limit turns. before=<turn id>: the last limit turns older than "
            + "it (follow next_before to page back through history). after=<turn id>: the first limit turns "
            + "newer than it (after=0 reads from the start; follow next_after). order=oldest (default) or "
            + "newest decides the order within the page.")
    @APIResponse(responseCode = "200", description = "The page", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MemoryPage.class)))
    @APIResponse(responseCode = "400", description = "Invalid parameter", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MemoryPage page(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId,
            @QueryParam("limit") @Min(1) @Max(1000) Integer limit,
            @QueryParam("before") @Min(1) Long before, @QueryParam("after") @Min(0) Long after,
            @Parameter(schema = @Schema(enumeration = {"oldest",
                    "newest"})) @QueryParam("order") @Pattern(regexp = "oldest|newest", message = "must be 'oldest' or 'newest'") String order) {
        int n = limit == null ? config.defaultTurns() : limit;
        if (n > config.maxTurns()) {
            throw new InvalidInputException("limit", "at most " + config.maxTurns());
        }
        if (before != null && after != null) {
            throw new InvalidInputException("after", "use either before or after, not both");
        }
        return memory.page(videoId, before, after, n, "newest".equals(order));
    }

    @DELETE
    @Operation(summary = "Forget the conversation about this video; recorded in the erasure ledger, so no restore "
            + "brings the turns back")
    @APIResponse(responseCode = "204", description = "Forgotten (also when there was nothing to forget)")
    @APIResponse(responseCode = "404", description = "No such video", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response clear(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId) {
        int removed = memory.clear(videoId).orElseThrow(() -> new NotFoundException("video '" + videoId + "'"));
        LOG.infof("memory.cleared turns=%d", removed);
        return Response.noContent().build();
    }
}
