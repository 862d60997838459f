package dev.bri.security;

import dev.bri.api.AdminPaths;
import java.util.Optional;

/** Which scope a request needs: admin for the operator area, read or write for the data API when auth is on. */
final class AccessRule {

    private AccessRule() {
    }

    static Optional<Scope> required(String method, String path, boolean apiAuthEnabled) {
        if (AdminPaths.isAdminPath(path)) {
            return AdminPaths.isPublicShell(path) ? Optional.empty() : Optional.of(Scope.ADMIN);
        }
        if (apiAuthEnabled && (path.equals("/api") || path.startsWith("/api/"))) {
            return Optional.of(isRead(method) ? Scope.READ : Scope.WRITE);
        }
        return Optional.empty();
    }

    static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}
