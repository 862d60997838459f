package dev.bri.observability;

import dev.bri.api.AdminPaths;
import dev.bri.api.RequestContext;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * One audit record for every mutating request to the API and the admin/ops endpoints, written in a response filter:
 * before the response is sent, with its outcome. Reads are not audited. Requests whose resource fired its own
 * {@link AuditEvent} (with richer detail) are not recorded twice. Only the method, the route and the path parameter
 * (video or backup id) are recorded: never bodies, query strings or headers.
 */
public class AuditFilter {

    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Event<AuditEvent> audit;

    public AuditFilter(Event<AuditEvent> audit) {
        this.audit = audit;
    }

    static boolean audited(String method, String path) {
        return MUTATING.contains(method) && (path.startsWith("/api/") || AdminPaths.isAdminPath(path));
    }

    @ServerResponseFilter(priority = 100)
    public void record(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        String method = request.getMethod();
        RoutingContext routing = CurrentRequest.routingContext();
        if (!audited(method, path) || AuditLog.alreadyRecorded(routing)) {
            return;
        }
        String route = RouteTemplate.of(request);
        String target = request.getUriInfo().getPathParameters().values().stream()
                .flatMap(List::stream).findFirst().orElse(null);
        int status = response.getStatus();
        String outcome = status < 400 ? "success" : status == 401 || status == 403 ? "denied" : "failure";
        // the authenticated subject where a credential was checked (dev.bri.security.AuthFilter), else X-User-ID
        String user = RequestContext.userId();
        String actor = user != null ? user : "anonymous";
        audit.fire(new AuditEvent(method + " " + route, target, outcome, "status=" + status, actor,
                RequestContext.requestId(), CurrentRequest.clientAddress(routing)));
    }
}
