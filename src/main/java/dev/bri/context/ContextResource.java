package dev.bri.context;

import dev.bri.api.ApiException;
import dev.bri.video.VideoIds;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.EnumSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/api/v1/videos/{videoId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "context", description = "Frames, captions, transcript segments, object detections and metadata")
public class ContextResource {

    private static final Logger LOG = Logger.getLogger(ContextResource.class);

    private final ContextService context;
    private final ContextConfig config;

    public ContextResource(ContextService context, ContextConfig config) {
        this.context = context;
        this.config = config;
    }

    @POST
    @Path("/context")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a batch of context items in one transaction (idempotent on item id)")
    public IngestResult ingest(@PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE)
            String videoId, IngestRequest body) {
        IngestResult result = context.ingest(videoId, body);
        LOG.infof("context.ingested inserted=%d replaced=%d", result.inserted(), result.replaced());
        return result;
    }

    @GET
    @Path("/context")
    @Operation(summary = "The video's context document, optionally for a time window and with memory")
    public ContextDocument document(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId,
            @QueryParam("types") String types, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("include") String include) {
        if (include != null && !include.isBlank() && !include.equals("memory")) {
            throw ApiException.invalid("include", "only 'memory' can be included");
        }
        return context.document(videoId,
                QueryParams.types(types, EnumSet.of(ItemType.FRAME, ItemType.CAPTION, ItemType.TRANSCRIPT,
                        ItemType.OBJECT)),
                QueryParams.seconds("from", from, null), QueryParams.seconds("to", to, null),
                "memory".equals(include));
    }

    @GET
    @Path("/context/at")
    @Operation(summary = "What happens at second t: items within t +/- window and the transcript covering t")
    public MomentDocument at(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId,
            @QueryParam("t") String t, @QueryParam("window") String window) {
        Double at = QueryParams.seconds("t", t, null);
        if (at == null) {
            throw ApiException.invalid("t", "is required (seconds into the video)");
        }
        double w = QueryParams.seconds("window", window, config.defaultWindowSeconds());
        if (w > 3600) {
            throw ApiException.invalid("window", "at most 3600 seconds");
        }
        return context.at(videoId, at, w);
    }

    @GET
    @Path("/search")
    @Operation(summary = "Ranked full-text search over captions and transcript segments")
    public SearchResult search(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId,
            @QueryParam("q") String q, @QueryParam("types") String types,
            @QueryParam("limit") @DefaultValue("10") @Min(1) @Max(1000) int limit) {
        if (limit > config.maxSearchLimit()) {
            throw ApiException.invalid("limit", "at most " + config.maxSearchLimit());
        }
        return context.search(videoId, q, QueryParams.types(types, ItemType.SEARCHABLE), limit);
    }

    @GET
    @Path("/objects")
    @Operation(summary = "The times an object class was detected")
    public ObjectSightings objects(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId,
            @QueryParam("class") String className,
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10000) int limit) {
        if (className == null || className.isBlank() || className.length() > 200) {
            throw ApiException.invalid("class", "is required: an object class name such as 'dog'");
        }
        return context.objects(videoId, className, limit);
    }
}
