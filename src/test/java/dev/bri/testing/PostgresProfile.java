package dev.bri.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/**
 * The PostgreSQL engine for a {@code @QuarkusTest}: {@code @TestProfile(PostgresProfile.class)}. Every test class
 * with this profile shares one application (Quarkus restarts only when the profile changes), so keep the behaviour
 * suite's PostgreSQL classes on this one profile.
 */
public class PostgresProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresResource.class));
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
