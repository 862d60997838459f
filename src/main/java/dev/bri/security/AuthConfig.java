package dev.bri.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Authentication of the data API (docs/SECURITY.md). The admin token stays in {@code bri.admin.token}. */
@ConfigMapping(prefix = "bri.auth")
public interface AuthConfig {

    /**
     * Whether /api/* needs a credential (read scope for reads, write scope for writes and erasure). Off for the
     * embedded use, where the service listens on localhost beside BRI; production turns it on.
     * /admin/* and /ops/* need the admin scope either way.
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * The keys file: one {@code <id> sha256:<hex> <scopes>} line a key, hashes only (docs/SECURITY.md). Re-read
     * every {@link #reloadInterval()}, so a key is added or revoked without a restart.
     */
    Optional<Path> keysFile();

    /** How often the keys file is re-read ({@code off} to read it at start only). */
    @WithDefault("10s")
    String reloadInterval();
}
