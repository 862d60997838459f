package dev.bri.retention;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Videos kept 30 days after their last write, memory turns 7 days; no schedule (tests run it), small batches. */
public class RetentionOnProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("bri.retention.videos", "30d", "bri.retention.memory", "7d", "bri.retention.interval", "off",
                "bri.retention.batch-size", "2", "bri.retention.report-limit", "100000");
    }
}
