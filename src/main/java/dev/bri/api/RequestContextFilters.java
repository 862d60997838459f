package dev.bri.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Puts request_id, user_id and video_id into the MDC and returns X-Request-ID on every response. */
public class RequestContextFilters {

    @ServerRequestFilter(preMatching = true, priority = 10)
    public void identify(ContainerRequestContext request) {
        String requestId = RequestContext.acceptOrCreateRequestId(
                request.getHeaderString(RequestContext.REQUEST_ID_HEADER));
        MDC.put(RequestContext.REQUEST_ID, requestId);
        request.setProperty(RequestContext.REQUEST_ID, requestId);
        String userId = request.getHeaderString(RequestContext.USER_ID_HEADER);
        if (userId != null) {
            if (!RequestContext.TOKEN.matcher(userId).matches()) {
                throw ApiException.invalid("header X-User-ID", "must match " + RequestContext.TOKEN.pattern());
            }
            MDC.put(RequestContext.USER_ID, userId);
        }
    }

    @ServerRequestFilter(priority = 20)
    public void videoContext(UriInfo uri) {
        String videoId = uri.getPathParameters().getFirst("videoId");
        if (videoId != null && RequestContext.TOKEN.matcher(videoId).matches()) {
            MDC.put(RequestContext.VIDEO_ID, videoId);
        }
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object requestId = request.getProperty(RequestContext.REQUEST_ID);
        if (requestId != null) {
            response.getHeaders().putSingle(RequestContext.REQUEST_ID_HEADER, requestId);
        }
    }
}
