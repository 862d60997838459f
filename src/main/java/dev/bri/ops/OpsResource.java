package dev.bri.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bri.observability.ErrorGroup;
import dev.bri.observability.LogEntry;
import dev.bri.observability.RecentLogs;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Data behind the ops dashboard. Everything under /ops/api needs the admin token (dev.bri.security.AuthFilter); the page itself
 * (/ops/, /ops/assets/*) is a static shell without data.
 */
@Path("/ops")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ops", description = "Ops dashboard data (admin token)")
public class OpsResource {

    public static final String NDJSON = "application/x-ndjson";

    private final RecentLogs logs;
    private final MeterRegistry registry;
    private final ObjectMapper json;
    private final MetricsSampler sampler;
    private final ChartsConfig charts;

    public OpsResource(RecentLogs logs, MeterRegistry registry, ObjectMapper json, MetricsSampler sampler,
            ChartsConfig charts) {
        this.logs = logs;
        this.registry = registry;
        this.json = json;
        this.sampler = sampler;
        this.charts = charts;
    }

    /** Recent records, newest {@code limit} matching, oldest first. */
    public record LogPage(List<LogEntry> records, long lastSeq, int capacity) {
    }

    public record ErrorPage(List<ErrorGroup> groups) {
    }

    /** /ops without the slash: the page's relative asset links need /ops/. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page() {
        return Response.status(Response.Status.FOUND).location(URI.create("/ops/")).build();
    }

    @GET
    @Path("/api/logs")
    @Operation(summary = "Recent log records from the in-memory buffer, filtered")
    public LogPage logs(@QueryParam("level") String level,
            @QueryParam("component") @Size(max = LogFilter.MAX_TEXT_CHARS) String component,
            @QueryParam("since") String since, @QueryParam("until") String until,
            @QueryParam("q") @Size(max = LogFilter.MAX_TEXT_CHARS) String q,
            @QueryParam("after") @Min(0) Long after,
            @QueryParam("limit") @DefaultValue("500") @Min(1) @Max(100_000) int limit) {
        LogFilter filter = LogFilter.parse(level, component, since, until, q, after);
        return new LogPage(logs.query(filter, limit), logs.lastSeq(), logs.capacity());
    }

    @GET
    @Path("/api/logs/download")
    @Produces(NDJSON)
    @Operation(summary = "The filtered records as NDJSON (one JSON record a line)")
    public Response download(@QueryParam("level") String level,
            @QueryParam("component") @Size(max = LogFilter.MAX_TEXT_CHARS) String component,
            @QueryParam("since") String since, @QueryParam("until") String until,
            @QueryParam("q") @Size(max = LogFilter.MAX_TEXT_CHARS) String q) {
        LogFilter filter = LogFilter.parse(level, component, since, until, q, null);
        StringBuilder out = new StringBuilder();
        for (LogEntry entry : logs.query(filter, Integer.MAX_VALUE)) {
            try {
                out.append(json.writeValueAsString(entry)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return Response.ok(out.toString(), NDJSON)
                .header("Content-Disposition", "attachment; filename=\"bri-logs.ndjson\"").build();
    }

    @GET
    @Path("/api/analytics")
    @Operation(summary = "Level distribution, top components and activity timeline of the buffered records")
    public Analytics analytics(@QueryParam("level") String level,
            @QueryParam("component") @Size(max = LogFilter.MAX_TEXT_CHARS) String component,
            @QueryParam("since") String since, @QueryParam("until") String until,
            @QueryParam("q") @Size(max = LogFilter.MAX_TEXT_CHARS) String q,
            @QueryParam("bucket_seconds") @Min(1) @Max(Analytics.MAX_BUCKET_SECONDS) Long bucketSeconds) {
        LogFilter filter = LogFilter.parse(level, component, since, until, q, null);
        return Analytics.of(logs.query(filter, Integer.MAX_VALUE), bucketSeconds);
    }

    @GET
    @Path("/api/errors")
    @Operation(summary = "Errors grouped by fingerprint, most recently seen first")
    public ErrorPage errors() {
        return new ErrorPage(logs.errorGroups());
    }

    @GET
    @Path("/api/performance")
    @Operation(summary = "Latency percentiles per endpoint and database operation, cache hit rates")
    public PerformanceReport performance() {
        return PerformanceReport.of(registry);
    }

    @GET
    @Path("/api/charts")
    @Operation(summary = "Time series for the charts: request and error rates, latency percentiles over the recent "
            + "window per endpoint group, database latency, cache hit ratios, archive and offsite lag, health changes")
    public ChartData charts(
            @QueryParam("range") @DefaultValue("1h") @jakarta.validation.constraints.Pattern(regexp = "1h|6h|24h", message = "must be 1h, 6h or 24h") String range) {
        long seconds = switch (range) {
            case "6h" -> 6 * 3600;
            case "24h" -> 24 * 3600;
            default -> 3600;
        };
        TimeSeriesBuffer buffer = sampler.buffer();
        long sample = sampler.interval().toSeconds();
        return ChartData.of(buffer.since(java.time.Instant.now().getEpochSecond() - seconds), seconds, sample,
                charts.percentileWindow().toSeconds(), buffer.capacity(),
                (8L + 4L * charts.maxSeries()) * buffer.capacity());
    }
}
