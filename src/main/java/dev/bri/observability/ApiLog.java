package dev.bri.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The API log: one JSON record per HTTP request in the {@code bri.api} category (the console, and bri_api.log when
 * log files are on), with api_method, api_route (the matched route template), api_status, api_duration_ms,
 * api_bytes_in, api_bytes_out, request_id, user_id and video_id. Written from the response's end handler, so the
 * duration and byte count cover the whole response as sent. With {@code bri.log.api.sample-rate} below 1 only that
 * share of successful, fast requests is written; errors (status 400 and above) and slow requests always are.
 */
@ApplicationScoped
public class ApiLog {

    public static final String CATEGORY = "bri.api";
    /** Routing-context key of the fields a JAX-RS response filter captured ({@link ApiLogFields}). */
    static final String FIELDS = "bri.api-log.fields";
    private static final Logger API = Logger.getLogger(CATEGORY);
    /** Runs before every other HTTP filter, so the duration covers them too. */
    private static final int FIRST = Integer.MAX_VALUE - 10;

    private final ObservabilityConfig.Api config;
    private final SlowOperations slow;
    private final Counter written;
    private final Counter sampledOut;

    public ApiLog(ObservabilityConfig config, SlowOperations slow, MeterRegistry registry) {
        this.config = config.api();
        double rate = this.config.sampleRate();
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("bri.log.api.sample-rate must be between 0 and 1, got " + rate);
        }
        this.slow = slow;
        this.written = Counter.builder("bri.api.log.records").description("API log records, by outcome")
                .tag("outcome", "written").register(registry);
        this.sampledOut = Counter.builder("bri.api.log.records").description("API log records, by outcome")
                .tag("outcome", "sampled_out").register(registry);
    }

    /** What a JAX-RS filter knew about the request: its route template and the MDC ids. */
    record Fields(String route, String requestId, String userId, String videoId) {
    }

    void register(@Observes Filters filters) {
        if (!config.enabled()) {
            return;
        }
        filters.register(this::start, FIRST);
    }

    private void start(RoutingContext routing) {
        String path = routing.normalizedPath();
        if (config.skipPaths().stream().noneMatch(path::startsWith)) {
            long started = System.nanoTime();
            routing.addEndHandler(ended -> end(routing, started));
        }
        routing.next();
    }

    private void end(RoutingContext routing, long started) {
        long nanos = System.nanoTime() - started;
        int status = routing.response().getStatusCode();
        if (!keep(config.sampleRate(), status, slow.isSlow(nanos))) {
            sampledOut.increment();
            return;
        }
        Fields fields = routing.get(FIELDS);
        String method = routing.request().method().name();
        String route = route(fields, routing, status);
        double millis = nanos / 1_000_000.0;
        Map<String, Object> record = StructuredLog.fields(
                "api_method", method,
                "api_route", route,
                "api_status", status,
                "api_duration_ms", String.format(Locale.ROOT, "%.3f", millis),
                "api_bytes_in", routing.request().bytesRead(),
                "api_bytes_out", routing.response().bytesWritten(),
                "request_id", fields == null ? routing.response().headers().get("X-Request-ID") : fields.requestId(),
                "user_id", fields == null ? null : fields.userId(),
                "video_id", fields == null ? null : fields.videoId());
        StructuredLog.log(API, status >= 500 ? Logger.Level.WARN : Logger.Level.INFO, record,
                String.format(Locale.ROOT, "%s %s %d %.1f ms", method, route, status, millis));
        written.increment();
    }

    static boolean keep(double rate, int status, boolean slow) {
        return rate >= 1.0 || status >= 400 || slow || rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
    }

    /**
     * The matched route template; requests Quarkus REST did not serve (static files of /ops) are named by their path,
     * which is one of a fixed set when they succeed; any other request is {@code unmatched}, so that arbitrary paths
     * cannot flood the log with new names.
     */
    static String route(Fields fields, RoutingContext routing, int status) {
        if (fields != null && fields.route() != null) {
            return fields.route();
        }
        return status < 400 ? routing.normalizedPath() : RouteTemplate.UNMATCHED;
    }
}
