package dev.bri.api;

import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Request-scoped identifiers carried in the logging MDC. Quarkus keeps the MDC on the request's Vert.x context, so
 * the values follow the request from the event loop to the worker thread that serves it.
 */
public final class RequestContext {

    public static final String REQUEST_ID_HEADER = "X-Request-ID";
    public static final String USER_ID_HEADER = "X-User-ID";
    public static final String REQUEST_ID = "request_id";
    public static final String USER_ID = "user_id";
    public static final String VIDEO_ID = "video_id";

    /** Ids taken from clients: short, printable, no separators that could forge log or header content. */
    public static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private RequestContext() {
    }

    public static String acceptOrCreateRequestId(String offered) {
        return offered != null && TOKEN.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    public static String requestId() {
        Object id = MDC.get(REQUEST_ID);
        return id == null ? null : id.toString();
    }

    public static String userId() {
        Object id = MDC.get(USER_ID);
        return id == null ? null : id.toString();
    }
}
