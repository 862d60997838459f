package dev.bri.offsite;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/**
 * A service that replicates its backups to a real S3Proxy ({@link OffsiteServerResource}):
 * {@code @TestProfile(OffsiteProfile.class)}, or a subclass that adds settings through
 * {@link #getConfigOverrides()}.
 */
public class OffsiteProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OffsiteServerResource.class));
    }
}
