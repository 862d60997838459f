package dev.bri.ratelimit;

import dev.bri.api.ApiException;
import dev.bri.api.ProblemType;
import dev.bri.security.Principal;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Per-client rate limits on /api, after authentication (so the client is the credential's subject) and before the
 * body is read. The client is the API key's (or token's) subject, or the address when authentication is off. A
 * refused request gets {@code 429} {@code urn:bri:problem:rate-limited} with {@code Retry-After} and is counted in
 * {@code bri_rate_limited_requests_total{class}}.
 */
public class RateLimitFilter {

    private static final Logger LOG = Logger.getLogger(RateLimitFilter.class);

    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @ServerRequestFilter(preMatching = true, priority = 40)
    public void limit(ContainerRequestContext request, HttpServerRequest http) {
        if (!limiter.enabled()) {
            return;
        }
        Optional<RequestClass> requestClass = RequestClass.of(request.getMethod(), request.getUriInfo().getPath());
        if (requestClass.isEmpty()) {
            return;
        }
        String client = client((Principal) request.getProperty(Principal.KEY), http.remoteAddress());
        ClientLimits.Decision decision = limiter.tryAcquire(client, requestClass.get());
        if (!decision.allowed()) {
            LOG.debugf("rate_limited client=%s class=%s retry_after=%s", client, requestClass.get().label(),
                    decision.retryAfter());
            Duration retry = roundUp(decision.retryAfter());
            throw new ApiException(ProblemType.RATE_LIMITED, "too many " + requestClass.get().label()
                    + " requests from this client; retry in " + retry.toSeconds() + " s", null, retry);
        }
    }

    /** The key's subject when there is one, else the peer address (the proxy's unless forwarding is configured). */
    static String client(Principal principal, SocketAddress remote) {
        if (principal != null) {
            return "subject:" + principal.subject();
        }
        return "address:" + (remote == null ? "unknown" : remote.hostAddress());
    }

    private static Duration roundUp(Duration wait) {
        long seconds = (wait.toNanos() + 999_999_999L) / 1_000_000_000L;
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
