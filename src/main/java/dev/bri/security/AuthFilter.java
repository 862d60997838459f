package dev.bri.security;

import dev.bri.admin.AdminConfig;
import dev.bri.api.ApiException;
import dev.bri.api.ProblemType;
import dev.bri.api.RequestContext;
import dev.bri.observability.AuditEvent;
import jakarta.enterprise.event.Event;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The one authentication of the service: {@code Authorization: Bearer <credential>} where a request needs a scope
 * ({@link AccessRule}). The credential is the admin token ({@code bri.admin.token}, every scope), an API key from
 * the keys file, or (with {@code bri.auth.jwt.enabled}) a JWT from the organisation's identity provider. Refusals are problem+json (401 without a valid credential, 403 without the scope) and audited. Once
 * authenticated, the credential's subject is the request's user ({@code user_id} in logs, the audit's actor); a
 * client-sent {@code X-User-ID} is kept as {@code claimed_user_id} only.
 */
public class AuthFilter {

    public static final String CLAIMED_USER_ID = "claimed_user_id";
    static final String ADMIN_SUBJECT = "admin";

    private final AdminConfig admin;
    private final AuthConfig config;
    private final ApiKeys keys;
    private final JwtTokens jwt;
    private final Event<AuditEvent> audit;

    public AuthFilter(AdminConfig admin, AuthConfig config, ApiKeys keys, JwtTokens jwt, Event<AuditEvent> audit) {
        this.admin = admin;
        this.config = config;
        this.keys = keys;
        this.jwt = jwt;
        this.audit = audit;
    }

    @ServerRequestFilter(preMatching = true, priority = 30)
    public void authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        Optional<Scope> required = AccessRule.required(request.getMethod(), path, config.enabled());
        if (required.isEmpty()) {
            return;
        }
        // from here on the actor is whoever the credential says, never what the client claims
        String claimed = RequestContext.userId();
        if (claimed != null) {
            MDC.remove(RequestContext.USER_ID);
            MDC.put(CLAIMED_USER_ID, claimed);
        }
        Optional<String> adminToken = admin.token().filter(t -> !t.isBlank());
        if (required.get() == Scope.ADMIN && adminToken.isEmpty() && !keys.any() && !jwt.enabled()) {
            deny(request, "disabled", new ApiException(ProblemType.FORBIDDEN, "admin endpoints are disabled: no "
                    + "admin token (bri.admin.token), no API keys and no JWT issuer are configured"));
        }
        String offered = bearer(request.getHeaderString("Authorization"));
        if (offered.isEmpty()) {
            deny(request, "missing-token", new ApiException(ProblemType.UNAUTHORIZED,
                    "a bearer credential is required (Authorization: Bearer <key>)"));
        }
        Principal principal = identify(offered, adminToken).orElse(null);
        if (principal == null && jwt.enabled() && JwtTokens.looksLikeJwt(offered)) {
            try {
                principal = jwt.verify(offered);
            } catch (JwtTokens.InvalidToken e) {
                deny(request, "invalid-jwt:" + e.getMessage(), new ApiException(ProblemType.UNAUTHORIZED,
                        "the bearer token is not valid (" + e.getMessage() + ")"));
            }
        }
        if (principal == null) {
            deny(request, "wrong-token", new ApiException(ProblemType.UNAUTHORIZED,
                    "the bearer credential is not valid"));
        }
        MDC.put(RequestContext.USER_ID, principal.subject());
        request.setProperty(Principal.KEY, principal);
        if (!principal.has(required.get())) {
            deny(request, "missing-scope:" + required.get().wire(), new ApiException(ProblemType.FORBIDDEN,
                    "'" + principal.subject() + "' lacks the '" + required.get().wire() + "' scope"));
        }
    }

    /** RFC 6750: a 401 names the scheme it wants. */
    @ServerResponseFilter
    public void challenge(ContainerResponseContext response) {
        if (response.getStatus() == 401) {
            response.getHeaders().putSingle("WWW-Authenticate", "Bearer realm=\"bri-context\"");
        }
    }

    private Optional<Principal> identify(String offered, Optional<String> adminToken) {
        // both checks always run, so the time taken does not tell an admin token from a key
        boolean isAdmin = adminToken.isPresent() && constantTimeEquals(offered, adminToken.get());
        Optional<ApiKey> key = keys.match(offered);
        if (isAdmin) {
            return Optional.of(new Principal(ADMIN_SUBJECT, "admin-token", Scope.all()));
        }
        return key.map(k -> new Principal(k.id(), "api-key", k.scopes()));
    }

    static String bearer(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
    }

    private void deny(ContainerRequestContext request, String reason, ApiException problem) {
        throw denied(request, reason, problem);
    }

    private ApiException denied(ContainerRequestContext request, String reason, ApiException problem) {
        audit.fire(AuditEvent.denied(request.getMethod() + " " + request.getUriInfo().getPath(), reason));
        return problem;
    }

    /** Compares digests so neither content nor length leaks through timing. */
    static boolean constantTimeEquals(String offered, String expected) {
        return MessageDigest.isEqual(ApiKeyFile.sha256(offered), ApiKeyFile.sha256(expected));
    }
}
