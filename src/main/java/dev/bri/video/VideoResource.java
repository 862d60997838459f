package dev.bri.video;

import dev.bri.domain.InvalidInputException;
import dev.bri.domain.NotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

@Path("/api/v1/videos")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "videos", description = "Videos known to BRI")
public class VideoResource {

    private static final Logger LOG = Logger.getLogger(VideoResource.class);

    private final VideoService videos;

    public VideoResource(VideoService videos) {
        this.videos = videos;
    }

    @PUT
    @Path("/{videoId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or update a video (idempotent): 201 when created, 200 when updated")
    public Response put(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId,
            @Valid @NotNull VideoRequest body) {
        VideoRepository.Upserted result = videos.upsert(videoId, body);
        LOG.infof("video.%s filename=%s duration=%s", result.created() ? "created" : "updated", body.filename(),
                body.duration());
        return Response.status(result.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(result.video()).build();
    }

    @GET
    @Operation(summary = "List videos by id, a page at a time, optionally by processing status")
    public VideoPage list(@QueryParam("status") String status, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        VideoStatus filter = status == null
                ? null
                : VideoStatus.fromWire(status).orElseThrow(
                        () -> new InvalidInputException("status", "unknown status '" + status + "'"));
        VideoPage page = videos.list(filter, decodeCursor(cursor), limit);
        return new VideoPage(page.videos(), encodeCursor(page.nextCursor()));
    }

    @GET
    @Path("/{videoId}")
    @Operation(summary = "A video with item counts per type and completeness")
    public VideoDetail get(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId) {
        return videos.detail(videoId);
    }

    @DELETE
    @Path("/{videoId}")
    @Operation(summary = "Erase a video and everything stored about it (right to erasure); recorded in the erasure "
            + "ledger, so no restore brings it back")
    public Response delete(
            @PathParam("videoId") @Pattern(regexp = VideoIds.REGEX, message = VideoIds.MESSAGE) String videoId) {
        if (!videos.erase(videoId)) {
            throw new NotFoundException("video '" + videoId + "'");
        }
        LOG.infof("video.erased");
        return Response.noContent().build();
    }

    private static String encodeCursor(String lastId) {
        return lastId == null
                ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (VideoIds.valid(id)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the validation error
        }
        throw new InvalidInputException("cursor", "not a cursor returned by this endpoint");
    }
}
