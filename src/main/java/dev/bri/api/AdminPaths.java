package dev.bri.api;

/** The operator area: everything under /admin and /ops but the ops page shell needs the admin scope (docs/SECURITY.md). */
public final class AdminPaths {

    private AdminPaths() {
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
}
