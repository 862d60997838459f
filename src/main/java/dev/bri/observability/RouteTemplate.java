package dev.bri.observability;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.mapping.RuntimeResource;

/**
 * The route a request matched, as its template ({@code /api/v1/videos/{videoId}/context}): the name every log record,
 * audit record and access-log line groups a request by. Taken from the resource method Quarkus REST matched, never
 * rebuilt from the path (a path parameter's value can occur anywhere in the path). Requests that matched no resource
 * method are all one route, {@link #UNMATCHED}, so that arbitrary paths cannot create new names.
 */
public final class RouteTemplate {

    /** The route of a request no resource method matched (404, or rejected before matching). */
    public static final String UNMATCHED = "unmatched";

    private RouteTemplate() {
    }

    /** Request property (and routing-context key) under which {@link RouteTemplateFilter} keeps the template. */
    public static final String PROPERTY = "bri.route-template";

    /**
     * The matched route template of a request seen by a JAX-RS filter or mapper. Pre-matching filters and requests
     * that matched nothing see {@link #UNMATCHED}.
     */
    public static String of(ContainerRequestContext request) {
        if (request.getProperty(PROPERTY) instanceof String template) {
            return template;
        }
        return matched();
    }

    /** The same for Vert.x code that runs after Quarkus REST (e.g. an access log's end handler). */
    public static String of(io.vertx.ext.web.RoutingContext routing) {
        Object template = routing == null ? null : routing.get(PROPERTY);
        return template instanceof String s ? s : UNMATCHED;
    }

    /** Quarkus REST forgets the matched method once it moves on to writing the response: read it while matching. */
    static String matched() {
        ResteasyReactiveRequestContext context = CurrentRequestManager.get();
        return context == null ? UNMATCHED : of(context.getTarget());
    }

    /** The template of a resource method Quarkus REST serves. */
    static String of(RuntimeResource target) {
        if (target == null) {
            return UNMATCHED;
        }
        String classPath = target.getClassPath() == null ? "" : target.getClassPath().template;
        String methodPath = target.getPath() == null ? "" : target.getPath().template;
        return join(classPath, methodPath);
    }

    /** Class and method paths joined with exactly one slash between segments and none at the end. */
    static String join(String classPath, String methodPath) {
        String joined = ("/" + classPath + "/" + methodPath).replaceAll("/{2,}", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
