package dev.bri.memory;

import dev.bri.api.ApiException;
import dev.bri.video.VideoChanged;
import dev.bri.video.VideoIds;
import jakarta.enterprise.event.Event;
import jakarta.validation.Valid;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/api/v1/videos/{videoId}/memory")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "memory", description = "The agent's conversation memory per video")
public class MemoryResource {

    private static final Logger LOG = Logger.getLogger(MemoryResource.class);

    private final MemoryRepository memory;
    private final MemoryConfig config;
    private final Event<VideoChanged> changed;

    public MemoryResource(MemoryRepository memory, MemoryConfig config, Event<VideoChanged> changed) {
        this.memory = memory;
        this.config = config;
        this.changed = changed;
    }

    /** Memory turns as a list, oldest first. */
    public record Turns(List<MemoryTurn> turns) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Append a conversation turn")
    public Response append(@PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE)
            String videoId, @Valid @NotNull TurnRequest turn) {
        if (turn.content().length() > config.maxContentChars()) {
            throw ApiException.invalid("content", "at most " + config.maxContentChars() + " characters");
        }
        MemoryTurn stored = memory.append(videoId, turn);
        changed.fire(new VideoChanged(videoId, "memory"));
        LOG.infof("memory.appended role=%s chars=%d", turn.role(), turn.content().length());
        return Response.status(Response.Status.CREATED).entity(stored).build();
    }

    @GET
    @Operation(summary = "The last turns, oldest first")
    public Turns last(@PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE)
            String videoId, @QueryParam("limit") @Min(1) @Max(1000) Integer limit) {
        int n = limit == null ? config.defaultTurns() : limit;
        if (n > config.maxTurns()) {
            throw ApiException.invalid("limit", "at most " + config.maxTurns());
        }
        return new Turns(memory.last(videoId, n));
    }

    @DELETE
    @Operation(summary = "Forget the conversation about this video")
    public Response clear(@PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE)
            String videoId) {
        int removed = memory.clear(videoId);
        changed.fire(new VideoChanged(videoId, "memory"));
        LOG.infof("memory.cleared turns=%d", removed);
        return Response.noContent().build();
    }
}
