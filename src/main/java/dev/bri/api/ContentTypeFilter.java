package dev.bri.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/**
 * A body sent to an endpoint that declares what it consumes must say what it is. Quarkus REST checks a
 * {@code Content-Type} against {@code @Consumes} only when there is one, and would parse an untyped body as JSON.
 * A request without a body needs no type (the endpoint reports the missing body itself).
 */
public class ContentTypeFilter {

    @ServerRequestFilter(priority = 5)
    public void requireContentType(ContainerRequestContext request) {
        if (request.getHeaderString(HttpHeaders.CONTENT_TYPE) != null || !hasBody(request)) {
            return;
        }
        ResteasyReactiveRequestContext context = CurrentRequestManager.get();
        if (context != null && context.getTarget() != null && !context.getTarget().getConsumes().isEmpty()) {
            throw new ApiException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "the request has a body but no Content-Type; "
                    + "send Content-Type: " + context.getTarget().getConsumes().get(0));
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return request.getHeaderString("Transfer-Encoding") != null || length != null && !length.trim().equals("0");
    }
}
