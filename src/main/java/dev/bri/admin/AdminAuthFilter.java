package dev.bri.admin;

import dev.bri.api.ApiException;
import dev.bri.api.ProblemType;
import dev.bri.observability.AuditEvent;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Everything under /admin and /ops (but the ops page shell, see isPublicShell) needs {@code Authorization: Bearer <bri.admin.token>}. */
public class AdminAuthFilter {

    public static final String ACTOR = "bri.admin.actor";

    private final AdminConfig config;
    private final Event<AuditEvent> audit;

    public AdminAuthFilter(AdminConfig config, Event<AuditEvent> audit) {
        this.config = config;
        this.audit = audit;
    }

    public static boolean isAdminPath(String path) {
        return path.equals("/admin") || path.startsWith("/admin/") || path.equals("/ops") || path.startsWith("/ops/");
    }

    /**
     * The ops page's static shell (HTML, script, styles; no data) is public: a browser cannot send a bearer header
     * when navigating, so the page asks for the token and sends it with every /ops/api and /admin call.
     */
    public static boolean isPublicShell(String path) {
        return path.equals("/ops") || path.equals("/ops/") || path.equals("/ops/index.html")
                || (path.startsWith("/ops/assets/") && !path.contains(".."));
    }

    @ServerRequestFilter(preMatching = true, priority = 30)
    public void authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!isAdminPath(path) || isPublicShell(path)) {
            return;
        }
        Optional<String> expected = config.token().filter(t -> !t.isBlank());
        if (expected.isEmpty()) {
            deny(request, "disabled", new ApiException(ProblemType.FORBIDDEN,
                    "admin endpoints are disabled: no admin token is configured (bri.admin.token)"));
        }
        String header = request.getHeaderString("Authorization");
        String offered = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim() : "";
        if (!constantTimeEquals(offered, expected.get())) {
            deny(request, offered.isEmpty() ? "missing-token" : "wrong-token",
                    new ApiException(ProblemType.UNAUTHORIZED, "a valid admin bearer token is required"));
        }
        request.setProperty(ACTOR, "admin");
    }

    private void deny(ContainerRequestContext request, String reason, ApiException problem) {
        audit.fire(AuditEvent.denied(request.getMethod() + " " + request.getUriInfo().getPath(), reason));
        throw problem;
    }

    /** Compares digests so neither content nor length leaks through timing. */
    static boolean constantTimeEquals(String offered, String expected) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] a = sha.digest(offered.getBytes(StandardCharsets.UTF_8));
            byte[] b = sha.digest(expected.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
