package dev.bri.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "bri.api")
public interface ApiConfig {

    /** Largest accepted request body (BRI's operations limit: 10 MiB). Larger bodies get 413 problem+json. */
    @WithName("max-body-bytes")
    @WithDefault("10485760")
    long maxBodyBytes();
}
