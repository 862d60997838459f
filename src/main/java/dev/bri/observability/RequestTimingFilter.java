package dev.bri.observability;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Times each REST request from the first filter to the response and reports slow ones to {@link SlowOperations}. */
public class RequestTimingFilter {

    private static final String STARTED = "bri.timing.started";

    private final SlowOperations slow;

    public RequestTimingFilter(SlowOperations slow) {
        this.slow = slow;
    }

    @ServerRequestFilter(preMatching = true, priority = 1)
    public void start(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter(priority = 1)
    public void stop(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        if (started instanceof Long start) {
            slow.http(request.getMethod(), RouteTemplate.of(request), response.getStatus(), System.nanoTime() - start);
        }
    }
}
