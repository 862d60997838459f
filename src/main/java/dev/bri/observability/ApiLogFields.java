package dev.bri.observability;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Hands the API log what only the JAX-RS layer knows (the route template, and the request, user and video ids in the
 * MDC) by leaving it on the routing context: the log is written later, when the response has been sent. Runs last
 * among response filters, after authentication has replaced a claimed user by the authenticated subject.
 */
public class ApiLogFields {

    @ServerResponseFilter(priority = Integer.MIN_VALUE + 100)
    public void capture(ContainerRequestContext request) {
        RoutingContext routing = CurrentRequest.routingContext();
        if (routing != null) {
            routing.put(ApiLog.FIELDS, new ApiLog.Fields(RouteTemplate.of(request), text(MDC.get("request_id")),
                    text(MDC.get("user_id")), text(MDC.get("video_id"))));
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
