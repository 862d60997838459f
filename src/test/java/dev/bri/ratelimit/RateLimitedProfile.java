package dev.bri.ratelimit;

import dev.bri.security.AuthOnProfile;
import java.util.HashMap;
import java.util.Map;

/** Authentication on (clients are keys) and rate limits small enough to reach in a test: 1 token a minute. */
public class RateLimitedProfile extends AuthOnProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("bri.rate-limit.enabled", "true");
        config.put("bri.rate-limit.read", "1/3");
        config.put("bri.rate-limit.search", "1/2");
        config.put("bri.rate-limit.write", "1/2");
        return config;
    }
}
