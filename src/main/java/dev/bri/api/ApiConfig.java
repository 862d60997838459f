package dev.bri.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "bri.api")
public interface ApiConfig {

    /**
     * Largest accepted request body (BRI's operations limit: 10 MiB), however it arrives: a larger Content-Length is
     * refused before the body is read, a chunked body as soon as it has passed the limit. 413 problem+json.
     */
    @WithDefault("10485760")
    long maxBodyBytes();

    /**
     * Longest request target (path and query) in characters; longer: 414 problem+json. The HTTP layer's own limit
     * ({@code quarkus.http.limits.max-initial-line-length}) sits far above it, so that clients get a problem document.
     */
    @WithDefault("8192")
    int maxUriChars();

    /**
     * Largest total size of the request's header names and values in bytes; larger: 431 problem+json. The HTTP
     * layer's own limit ({@code quarkus.http.limits.max-header-size}) sits far above it.
     */
    @WithDefault("16384")
    int maxHeaderBytes();
}
