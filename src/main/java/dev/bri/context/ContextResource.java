package dev.bri.context;

import dev.bri.cache.CacheTier;
import dev.bri.cache.ContextCache;
import dev.bri.domain.InvalidInputException;
import dev.bri.search.SearchQuery;
import dev.bri.video.VideoIds;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
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
import jakarta.ws.rs.core.Response;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Reads are served through {@link ContextCache}: each response carries {@code X-Cache: HIT-L1|HIT-L2|MISS|STALE}; a
 * stale one also {@code Age} and {@code "stale": true, "stale_age_seconds"} in the body.
 */
@Path("/api/v1/videos/{videoId}")
// Responses are serialized by ContextCache, not by Quarkus REST, so their types are registered here for native builds.
@RegisterForReflection(targets = {ContextDocument.class, ContextDocument.Window.class, MomentDocument.class,
        SearchResult.class, ObjectSightings.class, ContextItem.class, ContextItem.Lineage.class, RawJson.class,
        RawJson.Writer.class,
        dev.bri.search.SearchHit.class, ContextRepository.Sighting.class, dev.bri.video.Video.class,
        dev.bri.memory.MemoryTurn.class})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "context", description = "Frames, captions, transcript segments, object detections and metadata")
public class ContextResource {

    private static final Logger LOG = Logger.getLogger(ContextResource.class);

    private final ContextService context;
    private final ContextConfig config;
    private final ContextCache cache;

    public ContextResource(ContextService context, ContextConfig config, ContextCache cache) {
        this.context = context;
        this.config = config;
        this.cache = cache;
    }

    /**
     * An L1 hit is answered on the event loop; anything else (L2, SQLite) runs on a read thread ({@link ContextService#onReadThread}) in
     * the request's own Vert.x context, so MDC and request context follow it.
     */
    private <T> Uni<Response> cached(String videoId, String variant, Supplier<T> loader, Predicate<T> cacheable) {
        ContextCache.Served hit = cache.peek(videoId, variant);
        if (hit != null) {
            return Uni.createFrom().item(respond(hit));
        }
        return Uni.createFrom().completionStage(
                () -> context.onReadThread(() -> respond(cache.read(videoId, variant, loader, cacheable))));
    }

    private static Response respond(ContextCache.Served served) {
        Response.ResponseBuilder response = Response.ok(served.body(), MediaType.APPLICATION_JSON_TYPE)
                .header("X-Cache", served.tier().header());
        if (served.tier() == CacheTier.STALE) {
            response.header("Age", served.ageSeconds());
        }
        return response.build();
    }

    private static String csv(Set<ItemType> types) {
        return types.stream().map(ItemType::wire).sorted().collect(Collectors.joining(","));
    }

    @POST
    @Path("/context")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a batch of context items in one transaction (idempotent on item id)")
    public IngestResult ingest(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId,
            IngestRequest body) {
        IngestResult result = context.ingest(videoId, body);
        LOG.infof("context.ingested inserted=%d replaced=%d", result.inserted(), result.replaced());
        return result;
    }

    @GET
    @Path("/context")
    @Operation(summary = "The video's context document, optionally for a time window and with memory")
    @APIResponse(responseCode = "200", description = "The document; partial: true with missing parts when some "
            + "part could not be read; stale: true when served from cache while the database is unavailable", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContextDocument.class)), headers = @Header(name = "X-Cache", description = "HIT-L1, HIT-L2, MISS or STALE"))
    public Uni<Response> document(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId,
            @QueryParam("types") String types,
            @QueryParam("from") @Parameter(schema = @Schema(type = SchemaType.NUMBER)) String from,
            @QueryParam("to") @Parameter(schema = @Schema(type = SchemaType.NUMBER)) String to,
            @QueryParam("include") String include) {
        if (include != null && !include.isBlank() && !include.equals("memory")) {
            throw new InvalidInputException("include", "only 'memory' can be included");
        }
        Set<ItemType> wanted = QueryParams.types(types, EnumSet.of(ItemType.FRAME, ItemType.CAPTION,
                ItemType.TRANSCRIPT, ItemType.OBJECT));
        Double start = QueryParams.seconds("from", from, null);
        Double end = QueryParams.seconds("to", to, null);
        if (start != null && end != null && end - start > config.maxWindowSeconds()) {
            throw new InvalidInputException("to",
                    "a window of at most " + config.maxWindowSeconds() + " seconds after from");
        }
        boolean memory = "memory".equals(include);
        String variant = "doc:types=" + csv(wanted) + ";from=" + start + ";to=" + end + ";memory=" + memory;
        return cached(videoId, variant, () -> {
            ContextDocument document = context.document(videoId, wanted, start, end, memory);
            context.reportPartial(document);
            return document;
        }, document -> !document.isPartial());
    }

    @GET
    @Path("/context/at")
    @Operation(summary = "What happens at second t: items within t +/- window and the transcript covering t")
    @APIResponse(responseCode = "200", description = "The moment", headers = @Header(name = "X-Cache"), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MomentDocument.class)))
    public Uni<Response> at(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId,
            @QueryParam("t") @Parameter(schema = @Schema(type = SchemaType.NUMBER)) String t,
            @QueryParam("window") @Parameter(schema = @Schema(type = SchemaType.NUMBER)) String window) {
        Double at = QueryParams.seconds("t", t, null);
        if (at == null) {
            throw new InvalidInputException("t", "is required (seconds into the video)");
        }
        double w = QueryParams.seconds("window", window, config.defaultWindowSeconds());
        if (2 * w > config.maxWindowSeconds()) {
            throw new InvalidInputException("window", "at most " + config.maxWindowSeconds() / 2 + " seconds");
        }
        return cached(videoId, "at:t=" + at + ";window=" + w, () -> context.at(videoId, at, w), m -> true);
    }

    @GET
    @Path("/search")
    @Operation(summary = "Ranked full-text search over captions and transcript segments")
    @APIResponse(responseCode = "200", description = "The hits", headers = @Header(name = "X-Cache"), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SearchResult.class)))
    public Uni<Response> search(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId,
            @QueryParam("q") String q, @QueryParam("types") String types,
            @QueryParam("limit") @DefaultValue("10") @Min(1) int limit) {
        if (limit > config.maxSearchLimit()) {
            throw new InvalidInputException("limit", "at most " + config.maxSearchLimit());
        }
        Set<ItemType> wanted = QueryParams.types(types, ItemType.SEARCHABLE);
        SearchQuery query;
        try {
            query = SearchQuery.parse(q, config.maxSearchQueryChars(), config.maxSearchTerms());
        } catch (SearchQuery.InvalidQuery e) {
            throw new InvalidInputException("q", e.getMessage());
        }
        return cached(videoId, "search:types=" + csv(wanted) + ";limit=" + limit + ";q=" + q,
                () -> context.search(videoId, query, wanted, limit), r -> true);
    }

    @GET
    @Path("/objects")
    @Operation(summary = "The times an object class was detected")
    @APIResponse(responseCode = "200", description = "The sightings", headers = @Header(name = "X-Cache"), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ObjectSightings.class)))
    public Uni<Response> objects(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId,
            @QueryParam("class") String className,
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10000) int limit) {
        if (className == null || className.isBlank() || className.length() > 200) {
            throw new InvalidInputException("class", "is required: an object class name such as 'dog'");
        }
        String wanted = className.trim().toLowerCase(java.util.Locale.ROOT);
        return cached(videoId, "objects:limit=" + limit + ";class=" + wanted,
                () -> context.objects(videoId, className, limit), r -> true);
    }
}
