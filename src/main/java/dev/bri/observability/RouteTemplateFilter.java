package dev.bri.observability;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Records the matched route template as soon as Quarkus REST has matched a resource method, before any other
 * post-matching filter can reject the request, so that response filters, exception mappers and end handlers all
 * name the request by the same route ({@link RouteTemplate#of}).
 */
public class RouteTemplateFilter {

    @ServerRequestFilter(priority = 0)
    public void remember(ContainerRequestContext request) {
        String template = RouteTemplate.matched();
        request.setProperty(RouteTemplate.PROPERTY, template);
        io.vertx.ext.web.RoutingContext routing = CurrentRequest.routingContext();
        if (routing != null) {
            routing.put(RouteTemplate.PROPERTY, template);
        }
    }
}
