package dev.bri.admin;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

@ConfigMapping(prefix = "bri.admin")
public interface AdminConfig {

    /**
     * Bearer token for /admin and /ops ({@code BRI_ADMIN_TOKEN}; a Kubernetes Secret in production). When unset the
     * admin endpoints are disabled (403), never open.
     */
    Optional<String> token();
}
