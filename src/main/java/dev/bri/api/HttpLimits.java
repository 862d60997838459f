package dev.bri.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The request's size limits, checked on the Vert.x router before any handler reads the body: a request target over
 * {@code bri.api.max-uri-chars} (414), headers over {@code bri.api.max-header-bytes} (431), a {@code Content-Length}
 * over {@code bri.api.max-body-bytes} (413) or one that is not a number (400), a target that is no valid URI or has
 * matrix parameters (400). Runs ahead of Quarkus' own
 * Content-Length check, whose bare 413 would carry no problem document. The HTTP layer's limits stay as a backstop far
 * above these (Vert.x answers a request line or header block beyond them itself, before any application code runs).
 * A chunked body has no length up front: {@link BodyLimit} counts its bytes as they are read.
 */
@ApplicationScoped
public class HttpLimits {

    private static final Logger LOG = Logger.getLogger(HttpLimits.class);
    private static final java.util.Set<String> READ_METHODS = java.util.Set.of("GET", "HEAD", "OPTIONS");

    private final ApiConfig config;
    private final ObjectMapper json;
    private final Map<ProblemType, Counter> rejected = new EnumMap<>(ProblemType.class);

    public HttpLimits(ApiConfig config, ObjectMapper json, MeterRegistry registry) {
        this.config = config;
        this.json = json;
        for (ProblemType type : List.of(ProblemType.URI_TOO_LONG, ProblemType.HEADERS_TOO_LARGE,
                ProblemType.PAYLOAD_TOO_LARGE, ProblemType.VALIDATION, ProblemType.METHOD_NOT_ALLOWED)) {
            rejected.put(type, Counter.builder("bri.http.rejected")
                    .description("Requests refused by the HTTP size limits before reaching an endpoint")
                    .tag("reason", type.slug()).register(registry));
        }
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String uri = request.uri();
        if (uri.length() > config.maxUriChars()) {
            reject(context, ProblemType.URI_TOO_LONG, "request target of " + uri.length()
                    + " characters exceeds the limit of " + config.maxUriChars() + " characters");
            return;
        }
        String malformed = malformedTarget(uri);
        if (malformed != null) {
            reject(context, ProblemType.VALIDATION, malformed);
            return;
        }
        if (request.path().startsWith("/q/") && !READ_METHODS.contains(request.method().name())) {
            // Quarkus serves health, metrics and the OpenAPI document to every method; they only ever read
            context.response().putHeader("Allow", "GET, HEAD, OPTIONS");
            reject(context, ProblemType.METHOD_NOT_ALLOWED, request.method().name() + " is not served on this path; "
                    + "allowed: GET, HEAD, OPTIONS");
            return;
        }
        long headerBytes = headerBytes(request.headers());
        if (headerBytes > config.maxHeaderBytes()) {
            reject(context, ProblemType.HEADERS_TOO_LARGE, "request headers of " + headerBytes
                    + " bytes exceed the limit of " + config.maxHeaderBytes() + " bytes");
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long bytes = parseLength(length);
            if (bytes < 0) {
                reject(context, ProblemType.VALIDATION, "header Content-Length is not a number of bytes");
                return;
            }
            if (bytes > config.maxBodyBytes()) {
                reject(context, ProblemType.PAYLOAD_TOO_LARGE, "request body of " + bytes
                        + " bytes exceeds the limit of " + config.maxBodyBytes() + " bytes");
                return;
            }
        }
        context.next();
    }

    /**
     * What is wrong with the request target, or null. A {@code ;} in the path starts JAX-RS matrix parameters, which
     * would silently drop the rest of the segment ({@code PUT /api/v1/videos/a;b} would create video {@code a}).
     */
    static String malformedTarget(String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (path.indexOf(';') >= 0) {
            return "the path contains ';' (matrix parameters are not supported)";
        }
        try {
            new java.net.URI(uri);
        } catch (java.net.URISyntaxException e) {
            // the check Quarkus' root handler makes (dev.bri.Main turns that one off to answer it here)
            return "the request target is not a valid URI: " + e.getReason() + " at index " + e.getIndex();
        }
        return null;
    }

    private static long headerBytes(MultiMap headers) {
        long total = 0;
        for (Entry<String, String> header : headers) {
            total += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
        }
        return total;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Answers with a problem document and closes the connection: the body that may follow is never read, so the
     * connection cannot carry another request.
     */
    private void reject(RoutingContext context, ProblemType type, String detail) {
        if (context.response().headWritten()) {
            return;
        }
        rejected.get(type).increment();
        HttpServerRequest request = context.request();
        String requestId = RequestContext.acceptOrCreateRequestId(request.getHeader(RequestContext.REQUEST_ID_HEADER));
        MDC.put(RequestContext.REQUEST_ID, requestId);
        LOG.infof("request.rejected status=%d reason=%s method=%s", type.status(), type.slug(), request.method());
        MDC.remove(RequestContext.REQUEST_ID);
        String path = request.path() == null || request.path().length() > 256 ? null : request.path();
        byte[] body;
        try {
            body = json.writeValueAsBytes(new Problem(type.uri(), type.title(), type.status(), detail, path,
                    requestId, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize problem", e);
        }
        context.response().setStatusCode(type.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(RequestContext.REQUEST_ID_HEADER, requestId)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(io.vertx.core.buffer.Buffer.buffer(body));
    }
}
