package dev.bri.video;

import dev.bri.testing.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link VideoApiTest} on the PostgreSQL engine. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class VideoApiPostgresTest extends VideoApiTest {
}
