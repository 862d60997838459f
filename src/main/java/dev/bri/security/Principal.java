package dev.bri.security;

import java.util.Set;

/**
 * Who sent a request, once authenticated: the subject recorded as the audit actor and used as the rate-limit client.
 *
 * @param subject   the key's id, the JWT's {@code sub}, or {@code admin} for the admin token
 * @param mechanism {@code api-key}, {@code jwt} or {@code admin-token}
 */
public record Principal(String subject, String mechanism, Set<Scope> scopes) {

    /** Routing-context key under which the authenticated principal of a request is kept. */
    public static final String KEY = "bri.principal";

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }
}
