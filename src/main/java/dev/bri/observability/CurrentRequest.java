package dev.bri.observability;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/** The HTTP request being served on this thread, if any (audit events can also come from scheduled jobs). */
final class CurrentRequest {

    private CurrentRequest() {
    }

    static RoutingContext routingContext() {
        if (Arc.container() == null || !Arc.container().requestContext().isActive()) {
            return null;
        }
        try (InstanceHandle<CurrentVertxRequest> handle = Arc.container().instance(CurrentVertxRequest.class)) {
            return handle.isAvailable() ? handle.get().getCurrent() : null;
        }
    }

    /** Client address as seen by the server (the proxy's, unless quarkus.http.proxy.* forwarding is enabled). */
    static String clientAddress(RoutingContext context) {
        if (context == null) {
            return null;
        }
        SocketAddress remote = context.request().remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }
}
